using System.Net;
using System.Text;
using VibezLive.Media.Diagnostics;
using VibezLive.Protocols.Demux;
using VibezLive.Protocols.Stun;

namespace VibezLive.Media.Net;

/// <summary>
/// mediasoup's WebRtcServer: the sockets WebRTC transports share, and the demultiplexer in front of them. STUN requests
/// are routed by the local ICE username fragment (the part of USERNAME before ':'; RFC 8445 §7.2.2), everything else
/// by the remote address learned from a valid STUN request (the 5-tuple; the local half is the same for all). An
/// ICE-TCP connection (RFC 6544) is routed by the ufrag of its first valid Binding request and, from then on, is the
/// tuple itself; one that sends anything else first, or nothing valid within
/// <see cref="MediaOptions.IceTcpConnectTimeout"/>, is closed. A worker has one shared server
/// (<see cref="MediaOptions.UseWebRtcServer"/>), or each transport owns a private one on its own ports (mediasoup's
/// per-transport <c>listenInfos</c>); the demultiplexing is the same.
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

    // Accepted ICE-TCP connections that no valid Binding request has bound to a transport yet.
    private readonly List<IceTcpConnection> _unboundTcp = [];
    private bool _disposed;

    private WebRtcServer(MediaWorker worker, UdpListener? udp, IceTcpListener? tcp)
    {
        _worker = worker;
        Listener = udp;
        Tcp = tcp;
        udp?.Server = this;
        tcp?.Server = this;
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
        IceCandidates = BuildIceCandidates(worker.AnnouncedAddress, worker.Options);
    }

    /// <summary>The UDP socket (null with <see cref="MediaOptions.EnableUdp"/> false).</summary>
    public UdpListener? Listener { get; }

    /// <summary>The ICE-TCP listener (null with <see cref="MediaOptions.EnableTcp"/> false).</summary>
    public IceTcpListener? Tcp { get; }

    /// <summary>The UDP endpoint, or the TCP one when UDP is disabled.</summary>
    public IPEndPoint LocalEndPoint => Listener?.LocalEndPoint ?? Tcp!.LocalEndPoint;

    /// <summary>ICE-TCP connections still waiting for a valid Binding request.</summary>
    public int UnboundTcpConnectionCount => _unboundTcp.Count;

    /// <summary>The host candidates every transport on this server announces.</summary>
    public IReadOnlyList<IceCandidate> IceCandidates { get; }

    /// <summary>Binds the sockets from [<see cref="MediaOptions.RtcMinPort"/>, <see cref="MediaOptions.RtcMaxPort"/>],
    /// trying from the <paramref name="portSkip"/>-th port. Throws <see cref="InvalidOperationException"/> when the
    /// range has no free port. Call <see cref="Start"/> once the worker is ready for its datagrams.</summary>
    public static WebRtcServer Bind(MediaWorker worker, IPAddress address, int portSkip)
    {
        var options = worker.Options;
        UdpListener? udp = null;
        try
        {
            if (options.EnableUdp)
            {
                udp = UdpListener.Bind(address, options.RtcMinPort, options.RtcMaxPort, portSkip, worker.TryPostDatagram, worker.Loggers.Worker, worker.Metrics);
                udp.SendBatch = worker.SendBatch;
            }

            var tcp = options.EnableTcp
                ? IceTcpListener.Bind(worker, address, preferredPort: udp?.LocalPort ?? 0, options.RtcMinPort, options.RtcMaxPort, portSkip)
                : null;
            return new WebRtcServer(worker, udp, tcp);
        }
        catch
        {
            udp?.Dispose();
            throw;
        }
    }

    /// <summary>Starts receiving. <paramref name="shared"/>: the worker's server for all its transports, whose UDP
    /// socket gets a receive thread of its own.</summary>
    public void Start(bool shared = false)
    {
        Listener?.Start(dedicatedThread: shared);
        Tcp?.Start();
    }

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
        if (socket is IceTcpConnection connection)
        {
            // From now on the connection is the tuple: its packets go to this transport without a lookup.
            connection.Transport = transport;
            _unboundTcp.Remove(connection);
            return connection.RemoteAddress;
        }

        var key = new SocketAddress(remote.Family, remote.Size);
        remote.Buffer.Span[..remote.Size].CopyTo(key.Buffer.Span);
        _byTuple[key] = transport;
        return key;
    }

    public void RemoveTuple(Ice.IceTuple tuple)
    {
        if (tuple.Socket is IceTcpConnection connection)
        {
            connection.Transport = null;
            connection.Close(IceTcpCloseReason.TupleRemoved);
        }
        else
        {
            _byTuple.Remove(tuple.Address);
        }
    }

    /// <summary>A connection was accepted (posted by the listener before any of its frames).</summary>
    public void OnTcpAccepted(IceTcpConnection connection)
    {
        if (_disposed)
        {
            connection.Close(IceTcpCloseReason.Shutdown);
            return;
        }

        if (!connection.IsClosed)
        {
            connection.AcceptedUs = _worker.NowUs;
            _unboundTcp.Add(connection);
        }
    }

    /// <summary>A connection ended (peer close, error, or our own close): its tuple goes, and with it maybe the
    /// transport's ICE connectivity.</summary>
    public void OnTcpClosed(IceTcpConnection connection)
    {
        connection.CompleteWriter();
        if (_unboundTcp.Remove(connection))
        {
            return;
        }

        if (connection.Transport is { } transport)
        {
            connection.Transport = null;
            transport.OnTcpConnectionClosed(connection);
        }
    }

    public void Remove(WebRtcTransport transport)
    {
        _transports.Remove(transport);
    }

    public void OnDatagram(Datagram datagram)
    {
        if (datagram.Source is IceTcpConnection connection)
        {
            OnTcpPacket(connection, datagram);
            return;
        }

        var data = datagram.Data;
        switch (PacketClassifier.Classify(data))
        {
            case PacketKind.Stun:
                OnStun(datagram, null);
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

    private void OnTcpPacket(IceTcpConnection connection, Datagram datagram)
    {
        if (connection.IsClosed)
        {
            _worker.Counters.Dropped++;
            return;
        }

        var kind = PacketClassifier.Classify(datagram.Data);
        if (connection.Transport is { } transport)
        {
            switch (kind)
            {
                case PacketKind.Stun:
                    OnStun(datagram, transport);
                    break;
                case PacketKind.Unknown:
                    _worker.Counters.Dropped++;
                    break;
                default:
                    transport.OnPacket(kind, datagram);
                    break;
            }

            return;
        }

        if (kind != PacketKind.Stun)
        {
            // Only a connectivity check may open the path: media flows on connections ICE validated (RFC 6544).
            _worker.Counters.Dropped++;
            _unboundTcp.Remove(connection);
            connection.Close(IceTcpCloseReason.NotStun);
            return;
        }

        OnStun(datagram, null);
    }

    /// <summary>A STUN message; requests go to <paramref name="boundTransport"/> (a validated ICE-TCP connection) or
    /// to the transport their USERNAME names.</summary>
    private void OnStun(Datagram datagram, WebRtcTransport? boundTransport)
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

        if (boundTransport is not null)
        {
            boundTransport.OnStunRequest(message, datagram);
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
        ExpireUnboundTcp(nowUs);
        _tickSnapshot.Clear();
        _tickSnapshot.AddRange(_transports);
        foreach (var transport in _tickSnapshot)
        {
            transport.OnTick(nowUs);
        }
    }

    /// <summary>Closes connections that sent no valid Binding request in time (silent, slow, or guessing ufrags).</summary>
    private void ExpireUnboundTcp(long nowUs)
    {
        var timeoutUs = (long)_worker.Options.IceTcpConnectTimeout.TotalMicroseconds;
        for (var i = _unboundTcp.Count - 1; i >= 0; i--)
        {
            var connection = _unboundTcp[i];
            if (nowUs - connection.AcceptedUs > timeoutUs)
            {
                _unboundTcp.RemoveAt(i);
                connection.Close(IceTcpCloseReason.IceTimeout);
            }
        }
    }

    /// <summary>Closes the sockets and connections (ports are free again at once).</summary>
    public void Dispose()
    {
        _disposed = true;
        Listener?.Dispose();
        Tcp?.Dispose();
    }

    /// <summary>mediasoup's host candidates (WebRtcServer GetIceCandidates): one per listen entry, local preference
    /// 10000 for the first and 100 less for each next one, +1000 for the preferred protocol; priority per RFC 8445
    /// §5.1.2.1 with type preference 64 and component 1.</summary>
    private List<IceCandidate> BuildIceCandidates(string announcedAddress, MediaOptions options)
    {
        var candidates = new List<IceCandidate>(2);
        var localPreference = 10000;
        if (Listener is { } udp)
        {
            candidates.Add(new IceCandidate
            {
                Foundation = "udpcandidate",
                Priority = Priority(localPreference + (options.PreferUdp ? 1000 : 0)),
                Address = announcedAddress,
                Protocol = "udp",
                Port = udp.LocalPort,
            });
            localPreference -= 100;
        }

        if (Tcp is { } tcp)
        {
            candidates.Add(new IceCandidate
            {
                Foundation = "tcpcandidate",
                Priority = Priority(localPreference + (options.PreferTcp ? 1000 : 0)),
                Address = announcedAddress,
                Protocol = "tcp",
                Port = tcp.LocalPort,
                TcpType = "passive",
            });
        }

        return candidates;
    }

    internal static uint Priority(int localPreference) => (64u << 24) + ((uint)localPreference << 8) + (256 - 1);
}
