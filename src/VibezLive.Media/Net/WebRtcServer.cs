using System.Net;
using System.Text;
using VibezLive.Media.Diagnostics;
using VibezLive.Protocols.Demux;
using VibezLive.Protocols.Stun;

namespace VibezLive.Media.Net;

/// <summary>
/// mediasoup's WebRtcServer: the sockets WebRTC transports share, and the demultiplexer in front of them. STUN requests
/// are routed by the local ICE username fragment (the part of USERNAME before ':'; RFC 8445 §7.2.2), everything else
/// by the remote address learned from a valid STUN request (the 5-tuple; the local half is the same for all).
/// A worker has one shared server (<see cref="MediaOptions.UseWebRtcServer"/>), or each transport owns a private one
/// on its own ports (mediasoup's per-transport <c>listenInfos</c>); the demultiplexing is the same.
/// Worker thread only (except <see cref="Dispose"/> at shutdown).
/// </summary>
internal sealed class WebRtcServer : IDisposable
{
    private readonly MediaWorker _worker;
    private readonly Dictionary<string, WebRtcTransport> _byUfrag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WebRtcTransport>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly Dictionary<SocketAddress, WebRtcTransport> _byTuple = [];
    private readonly List<WebRtcTransport> _transports = [];
    private readonly List<WebRtcTransport> _tickSnapshot = [];

    private WebRtcServer(MediaWorker worker, UdpListener listener)
    {
        _worker = worker;
        Listener = listener;
        listener.Server = this;
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
        IceCandidates = BuildIceCandidates(worker.AnnouncedAddress, worker.Options);
    }

    /// <summary>The UDP socket.</summary>
    public UdpListener Listener { get; }

    public IPEndPoint LocalEndPoint => Listener.LocalEndPoint;

    /// <summary>The host candidates every transport on this server announces.</summary>
    public IReadOnlyList<IceCandidate> IceCandidates { get; }

    public int TransportCount => _transports.Count;

    /// <summary>Binds the sockets from [<see cref="MediaOptions.RtcMinPort"/>, <see cref="MediaOptions.RtcMaxPort"/>],
    /// trying from the <paramref name="portSkip"/>-th port. Throws <see cref="InvalidOperationException"/> when the
    /// range has no free port. Call <see cref="Start"/> once the worker is ready for its datagrams.</summary>
    public static WebRtcServer Bind(MediaWorker worker, IPAddress address, int portSkip)
    {
        var options = worker.Options;
        var udp = UdpListener.Bind(address, options.RtcMinPort, options.RtcMaxPort, portSkip, worker.TryPostDatagram, worker.Loggers.Worker, worker.Metrics);
        return new WebRtcServer(worker, udp);
    }

    public void Start() => Listener.Start();

    public void Add(WebRtcTransport transport, string ufrag)
    {
        _transports.Add(transport);
        _byUfrag[ufrag] = transport;
    }

    public void AddUfrag(WebRtcTransport transport, string ufrag) => _byUfrag[ufrag] = transport;

    public void RemoveUfrag(string ufrag) => _byUfrag.Remove(ufrag);

    /// <summary>Routes the packets of a new valid tuple to <paramref name="transport"/>; returns the address copy the
    /// tuple keeps (for UDP also the key of the tuple table).</summary>
    public SocketAddress AddTuple(WebRtcTransport transport, IMediaSocket socket, SocketAddress remote)
    {
        var key = new SocketAddress(remote.Family, remote.Size);
        remote.Buffer.Span[..remote.Size].CopyTo(key.Buffer.Span);
        _byTuple[key] = transport;
        return key;
    }

    public void RemoveTuple(Ice.IceTuple tuple) => _byTuple.Remove(tuple.Address);

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

    /// <summary>Closes the sockets (ports are free again at once).</summary>
    public void Dispose() => Listener.Dispose();

    /// <summary>mediasoup's host candidates (WebRtcServer GetIceCandidates): one per listen entry, local preference
    /// 10000 for the first and 100 less for each next one, +1000 for the preferred protocol; priority per RFC 8445
    /// §5.1.2.1 with type preference 64 and component 1.</summary>
    private List<IceCandidate> BuildIceCandidates(string announcedAddress, MediaOptions options)
    {
        var localPreference = 10000;
        return
        [
            new IceCandidate
            {
                Foundation = "udpcandidate",
                Priority = Priority(localPreference + (options.PreferUdp ? 1000 : 0)),
                Address = announcedAddress,
                Protocol = "udp",
                Port = Listener.LocalPort,
            },
        ];
    }

    internal static uint Priority(int localPreference) => (64u << 24) + ((uint)localPreference << 8) + (256 - 1);
}
