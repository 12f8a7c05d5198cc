using System.Net;
using System.Text;
using VibezLive.Media.Diagnostics;
using VibezLive.Protocols.Demux;
using VibezLive.Protocols.Stun;

namespace VibezLive.Media.Net;

/// <summary>
/// mediasoup's WebRtcServer: the one UDP port of a worker shared by all its WebRTC transports. STUN requests are
/// routed by the local ICE username fragment (the part of USERNAME before ':'; RFC 8445 §7.2.2), everything else by
/// the remote address learned from a valid STUN request (the 5-tuple; the local half is the same for all).
/// Worker thread only.
/// </summary>
internal sealed class WebRtcServer
{
    private readonly MediaWorker _worker;
    private readonly Dictionary<string, WebRtcTransport> _byUfrag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WebRtcTransport>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly Dictionary<SocketAddress, WebRtcTransport> _byTuple = [];
    private readonly List<WebRtcTransport> _transports = [];
    private readonly List<WebRtcTransport> _tickSnapshot = [];

    public WebRtcServer(MediaWorker worker, UdpListener listener)
    {
        _worker = worker;
        Listener = listener;
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public UdpListener Listener { get; }

    public IPEndPoint LocalEndPoint => Listener.LocalEndPoint;

    public void Add(WebRtcTransport transport, string ufrag)
    {
        _transports.Add(transport);
        _byUfrag[ufrag] = transport;
    }

    public void AddUfrag(WebRtcTransport transport, string ufrag) => _byUfrag[ufrag] = transport;

    public void RemoveUfrag(string ufrag) => _byUfrag.Remove(ufrag);

    /// <summary>Maps a remote address to <paramref name="transport"/>; the key is a private copy of the address.</summary>
    public SocketAddress AddTuple(WebRtcTransport transport, SocketAddress remote)
    {
        var key = new SocketAddress(remote.Family, remote.Size);
        remote.Buffer.Span[..remote.Size].CopyTo(key.Buffer.Span);
        _byTuple[key] = transport;
        return key;
    }

    public void RemoveTuple(SocketAddress key) => _byTuple.Remove(key);

    public void Remove(WebRtcTransport transport)
    {
        _transports.Remove(transport);
    }

    public void OnDatagram(Datagram datagram)
    {
        var data = datagram.Data;
        switch (PacketClassifier.Classify(data))
        {
            case PacketKind.Stun:
                OnStun(datagram);
                break;
            case PacketKind.Unknown:
                _worker.Counters.Dropped++;
                break;
            case var kind:
                if (_byTuple.TryGetValue(datagram.Address, out var transport))
                {
                    transport.OnPacket(kind, datagram);
                }
                else
                {
                    _worker.Counters.Dropped++;
                }

                break;
        }
    }

    private void OnStun(Datagram datagram)
    {
        if (!StunMessage.TryParse(datagram.Data, out var message))
        {
            _worker.Counters.Dropped++;
            return;
        }

        _worker.Counters.StunRequests++;
        if (message.Class != StunClass.Request)
        {
            // ICE-lite never sends checks, so responses are unexpected; indications (keepalives) need no answer.
            return;
        }

        // Requests that name no transport of ours are dropped without an answer (like mediasoup's WebRtcServer):
        // answering strangers on a public port only helps scanners.
        if (!message.TryGetUsername(out var username))
        {
            _worker.Counters.Dropped++;
            return;
        }

        var colon = username.IndexOf((byte)':');
        var local = colon < 0 ? username : username[..colon];
        Span<char> chars = stackalloc char[64];
        if (local.Length > chars.Length || !Ascii.IsValid(local))
        {
            _worker.Counters.Dropped++;
            return;
        }

        var count = Encoding.ASCII.GetChars(local, chars);
        if (!_byUfragSpan.TryGetValue(chars[..count], out var transport))
        {
            _worker.Counters.Dropped++;
            return;
        }

        transport.OnStunRequest(message, datagram);
    }

    public void OnTick(long nowUs)
    {
        _tickSnapshot.Clear();
        _tickSnapshot.AddRange(_transports);
        foreach (var transport in _tickSnapshot)
        {
            transport.OnTick(nowUs);
        }
    }
}
