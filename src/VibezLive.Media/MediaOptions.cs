using System.ComponentModel.DataAnnotations;

namespace VibezLive.Media;

/// <summary>
/// Engine configuration. Section <c>Media</c>. Mirrors the original backend's mediasoup settings: <c>listenIps</c>
/// (<see cref="ListenIp"/> + <see cref="AnnouncedIp"/>), <c>rtcMinPort</c>/<c>rtcMaxPort</c>, number of workers and the
/// WebRTC transport bitrates.
/// </summary>
public sealed class MediaOptions
{
    public const string SectionName = "Media";

    /// <summary>Local address the workers' UDP sockets bind to. Default <c>0.0.0.0</c> (then <see cref="AnnouncedIp"/> is required).</summary>
    [Required]
    public string ListenIp { get; set; } = "0.0.0.0";

    /// <summary>Address put into ICE candidates (the public IP behind NAT). Default: <see cref="ListenIp"/>.</summary>
    public string? AnnouncedIp { get; set; }

    /// <summary>Lowest port a worker (with <see cref="UseWebRtcServer"/>) or a transport (without) may bind. 0 with
    /// <see cref="RtcMaxPort"/> 0 = ephemeral ports chosen by the OS.</summary>
    [Range(0, 65535)]
    public int RtcMinPort { get; set; } = 40000;

    [Range(0, 65535)]
    public int RtcMaxPort { get; set; } = 49999;

    /// <summary>True (default): each worker has one UDP port shared by all its WebRTC transports (mediasoup's
    /// WebRtcServer). False: each transport binds its own port from [<see cref="RtcMinPort"/>, <see cref="RtcMaxPort"/>]
    /// (mediasoup's per-transport <c>listenInfos</c>), freed when it closes; creating a transport fails with
    /// <see cref="InvalidOperationException"/> when the range has no free port.</summary>
    public bool UseWebRtcServer { get; set; } = true;

    /// <summary>Offer a UDP host candidate (mediasoup's <c>enableUdp</c>). Default true.</summary>
    public bool EnableUdp { get; set; } = true;

    /// <summary>Offer an ICE-TCP passive host candidate (RFC 6544; mediasoup's <c>enableTcp</c>, true with a
    /// WebRtcServer): a TCP port with the UDP port's number when free, for clients whose network blocks UDP.
    /// Default true.</summary>
    public bool EnableTcp { get; set; } = true;

    /// <summary>Announce the UDP candidate first (+1000 local preference, mediasoup's <c>preferUdp</c>). Default true,
    /// the setting mediasoup deployments commonly use (mediasoup's own default is false).</summary>
    public bool PreferUdp { get; set; } = true;

    /// <summary>mediasoup's <c>preferTcp</c>: +1000 local preference for the TCP candidate.</summary>
    public bool PreferTcp { get; set; }

    /// <summary>An ICE-TCP connection must carry a valid Binding request for one of our transports within this time,
    /// or it is closed (silent or slow clients, scanners).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan IceTcpConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Open ICE-TCP connections per TCP port; further connections are refused (closed at accept, counted).</summary>
    [Range(1, 1_000_000)]
    public int MaxIceTcpConnections { get; set; } = 1000;

    /// <summary>Number of media workers (single-threaded event loops). 0 = one per processor.</summary>
    [Range(0, 256)]
    public int NumWorkers { get; set; }

    /// <summary>Initial estimate of a transport's outgoing bitrate (bit/s); mediasoup's default 600000.</summary>
    [Range(100_000, 100_000_000)]
    public int InitialAvailableOutgoingBitrate { get; set; } = 600_000;

    /// <summary>Cap advertised to senders through REMB / transport-cc (bit/s). 0 = unlimited.</summary>
    [Range(0, 1_000_000_000)]
    public int MaxIncomingBitrate { get; set; } = 1_500_000;

    /// <summary>ICE consent timeout (RFC 7675): no valid Binding request for this long → ICE "disconnected" and the
    /// transport closes. mediasoup clamps to 10–60 s; default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan IceConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a transport may stay without any valid ICE request after creation before it closes.
    /// Zero (the default, like mediasoup) = never: mediasoup-client starts ICE only at the first produce/consume, which
    /// may come much later; the application closes transports of peers that leave.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan IceConnectTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>Overall DTLS handshake timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan DtlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>DTLS handshakes running at once per process (each blocks a thread-pool thread while it runs).</summary>
    [Range(1, 1024)]
    public int MaxConcurrentDtlsHandshakes { get; set; } = 32;

    /// <summary>Datagrams queued to one worker before the oldest are dropped (back pressure; counted).</summary>
    [Range(64, 1_000_000)]
    public int WorkerQueueCapacity { get; set; } = 8192;

    internal int EffectiveWorkerCount => NumWorkers > 0 ? NumWorkers : Environment.ProcessorCount;
}
