using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using VibezLive.Media.Diagnostics;
using VibezLive.Media.Dtls;
using VibezLive.Media.Ice;
using VibezLive.Media.Negotiation;
using VibezLive.Media.Net;
using VibezLive.Media.Parameters;
using VibezLive.Media.Rtp;
using VibezLive.Media.Stats;
using VibezLive.Protocols.Srtp;
using VibezLive.Protocols.Stun;

namespace VibezLive.Media;

/// <summary>
/// A WebRTC transport (mediasoup's WebRtcTransport): ICE-lite (controlled) on the worker's shared ports or on ports of
/// its own (<see cref="MediaOptions.UseWebRtcServer"/>), over UDP or ICE-TCP, DTLS
/// (server role when the browser is the client), SRTP, and the producers and consumers that use it.
/// Owned by one worker; methods may be called from any thread; events are raised on the worker thread (handlers
/// must not block: post to your own context).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The SRTP sessions are disposed by CloseInternal, the engine's close cascade.")]
public sealed partial class WebRtcTransport : IIceServerListener
{
    private readonly IceServer _ice;
    private readonly WebRtcServer _server;
    private readonly Dictionary<string, Producer> _producers = [];
    private readonly Dictionary<string, Consumer> _consumers = [];
    private readonly List<Producer> _producerList = [];
    private readonly List<SimpleConsumer> _consumerList = [];
    private readonly Dictionary<uint, SsrcEntry> _producersBySsrc = [];
    private readonly Dictionary<uint, SimpleConsumer> _consumersBySsrc = [];
    private readonly List<byte[]> _earlyDtls = [];
    private readonly string _announcedAddress;
    private DtlsTransport? _dtls;
    private DtlsParameters? _remoteDtls;
    private SrtpSession? _srtpIn;
    private SrtpSession? _srtpOut;
    private IceTuple? _selectedTuple;
    private string? _cnameForProducers;
    private int _nextMid;
    private volatile IceState _iceState = IceState.New;
    private volatile DtlsState _dtlsState = DtlsState.New;
    private volatile bool _closed;
    private DtlsRole _localRole = DtlsRole.Auto;
    private IceParameters _iceParameters;

    internal WebRtcTransport(Router router, WebRtcTransportOptions options)
    {
        Router = router;
        Worker = router.Worker;
        _server = Worker.AcquireServer(); // throws when per-transport ports are exhausted: nothing is registered yet
        _announcedAddress = Worker.AnnouncedAddress;
        var now = Worker.NowUs;
        _ice = new IceServer(Worker, this, now);
        _iceParameters = new IceParameters { UsernameFragment = _ice.Ufrag, Password = _ice.Password };
        IceCandidates = _server.IceCandidates;
        MaxIncomingBitrate = options.MaxIncomingBitrate ?? Worker.Options.MaxIncomingBitrate;
        AvailableOutgoingBitrate = options.InitialAvailableOutgoingBitrate ?? Worker.Options.InitialAvailableOutgoingBitrate;
        SctpParameters = options.EnableSctp
            ? new SctpParameters { OS = options.NumSctpStreamsOs, MIS = options.NumSctpStreamsMis, MaxMessageSize = options.MaxSctpMessageSize }
            : null;
        AppData = new ConcurrentDictionary<string, object?>(options.AppData ?? new Dictionary<string, object?>());
        RtcpSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        CreatedUs = now;
        _server.Add(this, _ice.Ufrag);
        Worker.Counters.Transports++;
    }

    public string Id { get; } = Guid.NewGuid().ToString();

    public Router Router { get; }

    public IceParameters IceParameters => Volatile.Read(ref _iceParameters);

    public IReadOnlyList<IceCandidate> IceCandidates { get; }

    /// <summary>Local DTLS parameters: role "auto" until <see cref="ConnectAsync"/>, then "server" or "client";
    /// fingerprints of the worker's certificate with sha-256 last (mediasoup-client uses the last one).</summary>
    public DtlsParameters DtlsParameters => new()
    {
        Role = _localRole,
        Fingerprints = OrderFingerprints(Worker.Certificate.Fingerprints),
    };

    public SctpParameters? SctpParameters { get; }

    public IceState IceState => _iceState;

    public DtlsState DtlsState => _dtlsState;

    public bool IsClosed => _closed;

    public IDictionary<string, object?> AppData { get; }

    /// <summary>Bit/s cap advertised to the sending endpoint (REMB); 0 = none.</summary>
    public int MaxIncomingBitrate { get; private set; }

    public event Action<IceState>? IceStateChanged;

    public event Action<DtlsState>? DtlsStateChanged;

    /// <summary>Raised once when the transport closes for any reason (its own CloseAsync, its router, ICE consent
    /// expiry, DTLS failure or close). Its producers and consumers are closed before.</summary>
    public event Action? Closed;

    internal MediaWorker Worker { get; }

    internal uint RtcpSsrc { get; }

    internal long CreatedUs { get; }

    internal long AvailableOutgoingBitrate { get; private set; }

    internal bool CanSendRtp => _srtpOut is not null && _selectedTuple is not null;

    /// <summary>Gives the server the browser's DTLS parameters; the handshake starts when ICE is connected.
    /// mediasoup's rule: remote "client" → we are server; remote "server" or "auto" → we are client.</summary>
    public Task ConnectAsync(DtlsParameters remote, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ct.ThrowIfCancellationRequested();
        if (remote.Fingerprints is null || remote.Fingerprints.Count == 0)
        {
            throw new ArgumentException("missing dtlsParameters.fingerprints", nameof(remote));
        }

        return Worker.InvokeAsync(() =>
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_remoteDtls is not null)
            {
                throw new InvalidOperationException("connect() already called");
            }

            _remoteDtls = remote;
            _localRole = remote.Role == DtlsRole.Client ? DtlsRole.Server : DtlsRole.Client;
            StartDtlsIfReady();
        });
    }

    /// <summary>New ICE credentials (mediasoup's restartIce); the old ones work until the browser uses the new ones.</summary>
    public Task<IceParameters> RestartIceAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Worker.InvokeAsync(() =>
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _ice.Restart();
            _server.AddUfrag(this, _ice.Ufrag);
            var parameters = new IceParameters { UsernameFragment = _ice.Ufrag, Password = _ice.Password };
            Volatile.Write(ref _iceParameters, parameters);
            return parameters;
        });
    }

    /// <summary>Creates a producer from the endpoint's <c>produce</c> event (mediasoup's <c>transport.produce</c>).
    /// Throws <see cref="OrtcException"/> (mediasoup's messages) for invalid or unsupported parameters.</summary>
    public Task<Producer> ProduceAsync(MediaKind kind, RtpParameters rtpParameters, IDictionary<string, object?>? appData = null, bool paused = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rtpParameters);
        ct.ThrowIfCancellationRequested();
        var parameters = rtpParameters.Clone();
        Ortc.ValidateRtpParameters(parameters);
        if (parameters.Encodings.Count == 0)
        {
            throw new ArgumentException("empty rtpParameters.encodings", nameof(rtpParameters));
        }

        return Worker.InvokeAsync(() =>
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            foreach (var encoding in parameters.Encodings)
            {
                if (encoding.Ssrc is { } ssrc && _producersBySsrc.ContainsKey(ssrc))
                {
                    throw new InvalidOperationException($"ssrc already exists in RTP listener [ssrc:{ssrc}]");
                }

                if (encoding.Ssrc is null && string.IsNullOrEmpty(encoding.Rid))
                {
                    throw new ArgumentException("an encoding needs an ssrc or a rid", nameof(rtpParameters));
                }
            }

            // One CNAME for all producers of a transport: groups an endpoint's audio and video for lip sync.
            _cnameForProducers ??= string.IsNullOrEmpty(parameters.Rtcp.Cname)
                ? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))
                : parameters.Rtcp.Cname;
            parameters.Rtcp.Cname = _cnameForProducers;

            var mapping = Ortc.GetProducerRtpParametersMapping(parameters, Router.RtpCapabilities);
            var consumable = Ortc.GetConsumableRtpParameters(kind, parameters, Router.RtpCapabilities, mapping);
            var producer = new Producer(this, kind, parameters, consumable, mapping, appData, paused);
            _producers.Add(producer.Id, producer);
            _producerList.Add(producer);
            foreach (var stream in producer.Streams)
            {
                if (stream.Ssrc != 0)
                {
                    _producersBySsrc[stream.Ssrc] = new SsrcEntry(producer, stream, IsRtx: false);
                }

                if (stream.RtxSsrc is { } rtxSsrc)
                {
                    _producersBySsrc[rtxSsrc] = new SsrcEntry(producer, stream, IsRtx: true);
                }
            }

            Router.AddProducer(producer);
            Worker.Counters.Producers++;
            return producer;
        });
    }

    /// <summary>Creates a consumer of <paramref name="producerId"/> (any transport of the same router), paused by
    /// default (resume it once the endpoint's <c>consume()</c> resolved). Throws <see cref="OrtcException"/>
    /// when the endpoint cannot consume it, <see cref="KeyNotFoundException"/> for an unknown producer.</summary>
    public Task<Consumer> ConsumeAsync(string producerId, RtpCapabilities rtpCapabilities, bool paused = true, CancellationToken ct = default) =>
        ConsumeAsync(producerId, rtpCapabilities, paused, appData: null, ct);

    /// <inheritdoc cref="ConsumeAsync(string, RtpCapabilities, bool, CancellationToken)"/>
    public Task<Consumer> ConsumeAsync(string producerId, RtpCapabilities rtpCapabilities, bool paused, IDictionary<string, object?>? appData, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(producerId);
        ArgumentNullException.ThrowIfNull(rtpCapabilities);
        ct.ThrowIfCancellationRequested();
        Ortc.ValidateRtpCapabilities(rtpCapabilities);
        return Worker.InvokeAsync<Consumer>(() =>
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var producer = Router.GetProducer(producerId);
            if (producer is null || producer.IsClosed)
            {
                throw new KeyNotFoundException($"Producer with id \"{producerId}\" not found");
            }

            var parameters = Ortc.GetConsumerRtpParameters(producer.ConsumableRtpParameters, rtpCapabilities, pipe: false, enableRtx: producer.Kind == MediaKind.Video);
            parameters.Mid = (_nextMid++ % 100_000_000).ToString(CultureInfo.InvariantCulture);
            var consumer = new SimpleConsumer(this, producer, parameters, paused, appData);
            _consumers.Add(consumer.Id, consumer);
            _consumerList.Add(consumer);
            _consumersBySsrc[consumer.Ssrc] = consumer;
            if (consumer.RtxSsrc != 0)
            {
                _consumersBySsrc[consumer.RtxSsrc] = consumer;
            }

            producer.AddConsumer(consumer);
            Worker.Counters.Consumers++;
            if (!paused && CanSendRtp)
            {
                consumer.OnTransportConnected();
            }

            return consumer;
        });
    }

    /// <summary>mediasoup's transport stats: one <c>webrtc-transport</c> entry.</summary>
    public Task<IReadOnlyList<object>> GetStatsAsync() => Worker.InvokeAsync<IReadOnlyList<object>>(() =>
    [
        new WebRtcTransportStats
        {
            TransportId = Id,
            Timestamp = Worker.Time.GetUtcNow().ToUnixTimeMilliseconds(),
            IceState = _iceState,
            IceSelectedTuple = _ice.SelectedTuple is { } tuple ? TupleStats(tuple) : null,
            DtlsState = _dtlsState.ToString().ToLowerInvariant(),
            BytesReceived = _bytesReceived,
            BytesSent = _bytesSent,
            RtpBytesReceived = _rtpBytesReceived,
            RtpBytesSent = _rtpBytesSent,
            RecvBitrate = _recvBitrate,
            SendBitrate = _sendBitrate,
            AvailableOutgoingBitrate = AvailableOutgoingBitrate,
            MaxIncomingBitrate = MaxIncomingBitrate,
        },
    ]);

    /// <summary>Changes the bitrate cap advertised to the sending endpoint (0 = none).</summary>
    public Task SetMaxIncomingBitrateAsync(int bitrate) => Worker.InvokeAsync(() => MaxIncomingBitrate = Math.Max(0, bitrate));

    /// <summary>Closes the transport, its producers (their consumers get ProducerClosed) and consumers
    /// (TransportClosed). Idempotent.</summary>
    public Task CloseAsync() => _closed ? Task.CompletedTask : Worker.InvokeAsync(() => CloseInternal(dueToRouter: false));

    internal void CloseInternal(bool dueToRouter)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        foreach (var producer in _producerList.ToArray())
        {
            producer.CloseInternal(notifyTransport: false);
        }

        foreach (var consumer in _consumerList.ToArray())
        {
            consumer.OnTransportClosed();
            consumer.Producer.RemoveConsumer(consumer);
        }

        _producers.Clear();
        _producerList.Clear();
        _producersBySsrc.Clear();
        _consumers.Clear();
        _consumerList.Clear();
        _consumersBySsrc.Clear();
        _dtls?.Dispose();
        _dtls = null;
        _srtpIn?.Dispose();
        _srtpOut?.Dispose();
        _srtpIn = null;
        _srtpOut = null;
        _ice.Close();
        _selectedTuple = null;
        _dtlsFallbackTuple = null;
        _server.RemoveUfrag(_ice.Ufrag);
        _server.Remove(this);
        Worker.ReleaseServer(_server);
        if (_iceState is IceState.Connected or IceState.Completed && _dtlsState == DtlsState.Connected)
        {
            Worker.Counters.TransportsConnected--;
        }

        Worker.Counters.Transports--;
        _iceState = IceState.Closed;
        if (_dtlsState != DtlsState.Closed)
        {
            _dtlsState = DtlsState.Closed;
        }

        if (!dueToRouter)
        {
            Router.OnTransportClosed(this);
        }

        Worker.Raise(Closed);
    }

    internal void OnProducerClosed(Producer producer)
    {
        _producers.Remove(producer.Id);
        _producerList.Remove(producer);
        foreach (var (ssrc, entry) in _producersBySsrc.ToArray())
        {
            if (entry.Producer == producer)
            {
                _producersBySsrc.Remove(ssrc);
            }
        }
    }

    internal void OnConsumerClosed(Consumer consumer)
    {
        _consumers.Remove(consumer.Id);
        if (consumer is SimpleConsumer simple)
        {
            _consumerList.Remove(simple);
            _consumersBySsrc.Remove(simple.Ssrc);
            _consumersBySsrc.Remove(simple.RtxSsrc);
        }
    }

    // ---- ICE (IIceServerListener) -------------------------------------------------------------------------------

    internal void OnStunRequest(in StunMessage request, Datagram datagram)
    {
        if (_closed)
        {
            return;
        }

        _ice.OnBindingRequest(request, datagram, Worker.NowUs);
    }

    /// <summary>One of our ICE-TCP connections ended: its tuple goes (maybe ICE with it).</summary>
    internal void OnTcpConnectionClosed(IceTcpConnection connection)
    {
        if (!_closed)
        {
            _ice.OnSocketClosed(connection);
        }
    }

    SocketAddress IIceServerListener.OnIceTupleAdded(IMediaSocket socket, SocketAddress remote) => _server.AddTuple(this, socket, remote);

    void IIceServerListener.OnIceTupleRemoved(IceTuple tuple)
    {
        _server.RemoveTuple(tuple);
        if (_dtlsFallbackTuple == tuple)
        {
            _dtlsFallbackTuple = null;
        }
    }

    void IIceServerListener.OnIceSelectedTupleChanged(IceTuple? tuple)
    {
        _selectedTuple = tuple;
        if (Worker.Loggers.Ice.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
        {
            MediaLog.IceTupleSelected(Worker.Loggers.Ice, Id, tuple?.ToString() ?? "none");
        }
    }

    void IIceServerListener.OnIceStateChanged(IceState state)
    {
        var wasUp = IsUp;
        _iceState = state;
        UpdateConnectedCount(wasUp);
        MediaLog.IceStateChanged(Worker.Loggers.Ice, Id, state);
        Worker.Raise(IceStateChanged, state);
        if (state is IceState.Connected or IceState.Completed)
        {
            StartDtlsIfReady();
        }
    }

    void IIceServerListener.OnIceUfragRetired(string ufrag) => _server.RemoveUfrag(ufrag);

    private bool IsUp => _iceState is IceState.Connected or IceState.Completed && _dtlsState == DtlsState.Connected;

    private void UpdateConnectedCount(bool wasUp)
    {
        var isUp = IsUp;
        if (isUp && !wasUp)
        {
            Worker.Counters.TransportsConnected++;
        }
        else if (!isUp && wasUp)
        {
            Worker.Counters.TransportsConnected--;
        }
    }

    // ---- DTLS -----------------------------------------------------------------------------------------------------

    private void StartDtlsIfReady()
    {
        if (_dtls is not null || _remoteDtls is null || _closed || _iceState is not (IceState.Connected or IceState.Completed))
        {
            return;
        }

        var dtls = new DtlsTransport(Worker.Certificate, _localRole, _remoteDtls.Fingerprints, SendDtls, Worker.Loggers.Dtls, Worker.Options.DtlsHandshakeTimeout);
        _dtls = dtls;
        foreach (var early in _earlyDtls)
        {
            dtls.OnDatagramReceived(early);
        }

        _earlyDtls.Clear();
        SetDtlsState(DtlsState.Connecting);
        dtls.Closed += () => Worker.Post(() =>
        {
            if (_dtls == dtls)
            {
                SetDtlsState(DtlsState.Closed);
                CloseInternal(dueToRouter: false);
            }
        });
        _ = RunHandshakeAsync(dtls);
    }

    private async Task RunHandshakeAsync(DtlsTransport dtls)
    {
        SrtpKeys keys;
        try
        {
            await Worker.DtlsLimiter.WaitAsync().ConfigureAwait(false);
            try
            {
                keys = await dtls.HandshakeAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                Worker.DtlsLimiter.Release();
            }
        }
#pragma warning disable CA1031 // any failure ends the handshake; reported as DTLS "failed"
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Worker.Post(() => OnDtlsFailed(dtls, ex));
            return;
        }

        Worker.Post(() => OnDtlsConnected(dtls, keys));
    }

    private void OnDtlsConnected(DtlsTransport dtls, SrtpKeys keys)
    {
        if (_dtls != dtls || _closed)
        {
            return;
        }

        _srtpIn = new SrtpSession(keys.Profile, keys.RemoteMasterKey, keys.RemoteMasterSalt);
        _srtpOut = new SrtpSession(keys.Profile, keys.LocalMasterKey, keys.LocalMasterSalt);
        MediaLog.DtlsConnected(Worker.Loggers.Dtls, Id, keys.Profile);
        SetDtlsState(DtlsState.Connected);
        foreach (var consumer in _consumerList.ToArray())
        {
            consumer.OnTransportConnected();
        }
    }

    private void OnDtlsFailed(DtlsTransport dtls, Exception ex)
    {
        if (_dtls != dtls || _closed)
        {
            return;
        }

        MediaLog.DtlsFailed(Worker.Loggers.Dtls, Id, ex);
        SetDtlsState(DtlsState.Failed);
        CloseInternal(dueToRouter: false);
    }

    private void SetDtlsState(DtlsState state)
    {
        if (_dtlsState == state)
        {
            return;
        }

        var wasUp = IsUp;
        _dtlsState = state;
        UpdateConnectedCount(wasUp);
        MediaLog.DtlsStateChanged(Worker.Loggers.Dtls, Id, state);
        Worker.Raise(DtlsStateChanged, state);
    }

    /// <summary>DTLS output (mostly from the handshake thread): sent on the worker thread, which owns the tuples and
    /// the paths (an ICE-TCP connection has a single writer), to the selected tuple or, before nomination, the one the
    /// DTLS client spoke on. The copy is fine: a handshake is a few flights.</summary>
    private void SendDtls(ReadOnlyMemory<byte> datagram)
    {
        if (Worker.IsCurrentThread)
        {
            SendDtlsNow(datagram.Span);
            return;
        }

        var copy = datagram.ToArray();
        Worker.Post(() => SendDtlsNow(copy));
    }

    private void SendDtlsNow(ReadOnlySpan<byte> datagram)
    {
        if ((_selectedTuple ?? _dtlsFallbackTuple) is { } tuple)
        {
            tuple.Send(datagram);
        }
    }

    private static List<DtlsFingerprint> OrderFingerprints(IReadOnlyList<DtlsFingerprint> fingerprints)
    {
        var list = new List<DtlsFingerprint>(fingerprints.Count);
        DtlsFingerprint? sha256 = null;
        foreach (var f in fingerprints)
        {
            if (string.Equals(f.Algorithm, "sha-256", StringComparison.OrdinalIgnoreCase))
            {
                sha256 = f;
            }
            else
            {
                list.Add(f);
            }
        }

        if (sha256 is not null)
        {
            list.Add(sha256);
        }

        return list;
    }

    private IceTupleStats TupleStats(IceTuple tuple)
    {
        var remote = new IPEndPoint(IPAddress.Any, 0).Create(tuple.Address) as IPEndPoint;
        return new IceTupleStats
        {
            LocalIp = _announcedAddress,
            LocalPort = tuple.Socket.LocalPort,
            Protocol = tuple.Protocol,
            RemoteIp = remote?.Address.ToString() ?? "",
            RemotePort = remote?.Port ?? 0,
        };
    }
}
