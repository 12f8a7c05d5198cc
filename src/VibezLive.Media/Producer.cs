using System.Collections.Concurrent;
using VibezLive.Media.Diagnostics;
using VibezLive.Media.Ortc;
using VibezLive.Media.Rtp;
using VibezLive.Media.RtpParameters;
using VibezLive.Media.Stats;
using VibezLive.Protocols.Codecs;
using VibezLive.Protocols.Rtp;

namespace VibezLive.Media;

/// <summary>
/// A media source sent by an endpoint (mediasoup's Producer, type "simple"): its RTP is rewritten once to the
/// router's payload types, SSRC and header-extension ids, then handed to every consumer of it.
/// Owned by its transport's worker; methods may be called from any thread; events are raised on the worker thread.
/// </summary>
public sealed class Producer
{
    /// <summary>How long a stored packet may be retransmitted after it was received.</summary>
    internal const long MaxRetransmissionAgeUs = 2_000_000;

    private readonly byte[] _payloadTypeMap = new byte[128];
    private readonly byte[] _extensionIdMap = new byte[256];
    private readonly List<SimpleConsumer> _consumers = [];
    private volatile bool _paused;
    private volatile bool _closed;

    internal Producer(WebRtcTransport transport, MediaKind kind, RtpParameters.RtpParameters rtpParameters, RtpParameters.RtpParameters consumable, RtpMapping mapping, IDictionary<string, object?>? appData, bool paused)
    {
        Transport = transport;
        Kind = kind;
        RtpParameters = rtpParameters;
        ConsumableRtpParameters = consumable;
        AppData = new ConcurrentDictionary<string, object?>(appData ?? new Dictionary<string, object?>());
        _paused = paused;
        Type = rtpParameters.Encodings.Count > 1 ? "simulcast" : "simple";

        var media = rtpParameters.Codecs[0];
        MimeType = media.MimeType;
        MediaPayloadType = (byte)media.PayloadType;
        foreach (var codec in rtpParameters.Codecs)
        {
            if (codec.MimeType.EndsWith("/rtx", StringComparison.OrdinalIgnoreCase)
                && codec.Parameters.TryGetValue("apt", out var apt) && apt.TryGetInt64Lenient(out var aptValue) && aptValue == media.PayloadType)
            {
                RtxPayloadType = (byte)codec.PayloadType;
            }
        }

        Array.Fill(_payloadTypeMap, (byte)0xFF);
        foreach (var codecMapping in mapping.Codecs)
        {
            if (codecMapping.PayloadType is >= 0 and < 128)
            {
                _payloadTypeMap[codecMapping.PayloadType] = (byte)codecMapping.MappedPayloadType;
            }
        }

        // Browser extension id → router id (the consumable parameters carry the router's ids); unknown → dropped.
        var routerExtensions = transport.Router.RtpCapabilities.HeaderExtensions;
        foreach (var ext in rtpParameters.HeaderExtensions)
        {
            if (ext.Id is <= 0 or > 255)
            {
                continue;
            }

            foreach (var cap in routerExtensions)
            {
                if (cap.Kind == kind && string.Equals(cap.Uri, ext.Uri, StringComparison.OrdinalIgnoreCase))
                {
                    _extensionIdMap[ext.Id] = (byte)cap.PreferredId;
                    break;
                }
            }

            switch (ext.Uri)
            {
                case RtpExtensionUris.TransportWideCc:
                    TransportWideCcExtensionId = (byte)ext.Id;
                    break;
                case RtpExtensionUris.AbsSendTime:
                    AbsSendTimeExtensionId = (byte)ext.Id;
                    break;
                case RtpExtensionUris.Mid:
                    MidExtensionId = (byte)ext.Id;
                    break;
            }
        }

        var encoding = rtpParameters.Encodings[0];
        var mappedSsrc = mapping.Encodings[0].MappedSsrc;
        var feedback = media.RtcpFeedback;
        SupportsNack = feedback.Exists(f => f.Type == "nack" && f.Parameter.Length == 0);
        SupportsPli = feedback.Exists(f => f.Type == "nack" && f.Parameter == "pli");
        SupportsFir = feedback.Exists(f => f.Type == "ccm" && f.Parameter == "fir");
        Stream = new RtpStreamRecv(
            encoding.Ssrc ?? 0,
            encoding.Rtx?.Ssrc,
            mappedSsrc,
            media.MimeType,
            media.ClockRate,
            kind == MediaKind.Video,
            storePackets: kind == MediaKind.Video || SupportsNack);
    }

    public string Id { get; } = Guid.NewGuid().ToString();

    public MediaKind Kind { get; }

    /// <summary>The parameters the endpoint sent (cname replaced by the transport-wide one).</summary>
    public RtpParameters.RtpParameters RtpParameters { get; }

    /// <summary>The producer as the router sees it (router payload types, header-extension ids, mapped SSRC).</summary>
    public RtpParameters.RtpParameters ConsumableRtpParameters { get; }

    /// <summary>"simple" (one stream), or "simulcast" (several encodings; only the first is forwarded for now).</summary>
    public string Type { get; }

    public bool Paused => _paused;

    public bool IsClosed => _closed;

    public IDictionary<string, object?> AppData { get; }

    /// <summary>Raised on the worker thread when the producer closes for any reason (its own CloseAsync, its
    /// transport or router closing).</summary>
    public event Action? Closed;

    internal WebRtcTransport Transport { get; }

    internal RtpStreamRecv Stream { get; }

    internal string MimeType { get; }

    internal byte MediaPayloadType { get; }

    internal byte? RtxPayloadType { get; }

    internal byte TransportWideCcExtensionId { get; }

    internal byte AbsSendTimeExtensionId { get; }

    internal byte MidExtensionId { get; }

    internal bool SupportsNack { get; }

    internal bool SupportsPli { get; }

    internal bool SupportsFir { get; }

    internal List<SimpleConsumer> Consumers => _consumers;

    private MediaWorker Worker => Transport.Worker;

    public Task PauseAsync() => Worker.InvokeAsync(() =>
    {
        if (_closed || _paused)
        {
            return;
        }

        _paused = true;
        foreach (var consumer in _consumers.ToArray())
        {
            consumer.OnProducerPaused();
        }
    });

    public Task ResumeAsync() => Worker.InvokeAsync(() =>
    {
        if (_closed || !_paused)
        {
            return;
        }

        _paused = false;
        foreach (var consumer in _consumers.ToArray())
        {
            consumer.OnProducerResumed();
        }
    });

    /// <summary>Closes the producer; its consumers close with <see cref="Consumer.ProducerClosed"/>. Idempotent.</summary>
    public Task CloseAsync() => _closed ? Task.CompletedTask : Worker.InvokeAsync(() => CloseInternal(notifyTransport: true));

    /// <summary>mediasoup's producer stats: one <c>inbound-rtp</c> entry.</summary>
    public Task<IReadOnlyList<object>> GetStatsAsync() => Worker.InvokeAsync<IReadOnlyList<object>>(() => [BuildStats()]);

    internal RtpStreamStats BuildStats() => new()
    {
        Type = "inbound-rtp",
        Timestamp = Worker.Time.GetUtcNow().ToUnixTimeMilliseconds(),
        Ssrc = Stream.Ssrc,
        RtxSsrc = Stream.RtxSsrc,
        Kind = Kind == MediaKind.Video ? "video" : "audio",
        MimeType = MimeType,
        PacketsLost = Stream.CumulativeLost,
        FractionLost = Stream.LastFractionLost,
        PacketsRepaired = Stream.PacketsRepaired,
        PacketsRetransmitted = Stream.PacketsRetransmitted,
        NackCount = Stream.NackCount,
        NackPacketCount = Stream.NackPacketCount,
        PliCount = Stream.PliCount,
        FirCount = Stream.FirCount,
        PacketCount = Stream.PacketCount,
        ByteCount = Stream.ByteCount,
        Bitrate = Stream.Bitrate,
        Jitter = Stream.Jitter,
        RoundTripTime = Stream.RttUs / 1000.0,
        Score = Stream.PacketCount > 0 ? 10 : 0,
    };

    internal void AddConsumer(SimpleConsumer consumer) => _consumers.Add(consumer);

    internal void RemoveConsumer(SimpleConsumer consumer) => _consumers.Remove(consumer);

    /// <summary>
    /// Hot path. <paramref name="packet"/> is a plain (unprotected) RTP packet from the endpoint, parsed and validated;
    /// it is rewritten in place to the router's view and forwarded to every consumer.
    /// </summary>
    internal void ReceiveRtp(Span<byte> packet, bool retransmission, long nowUs)
    {
        var counters = Worker.Counters;
        if (!RtpPacket.TryParse(packet, out var parsed))
        {
            counters.Dropped++;
            return;
        }

        var mappedPt = _payloadTypeMap[parsed.PayloadType];
        if (mappedPt == 0xFF)
        {
            counters.Dropped++;
            return;
        }

        var seq = parsed.SequenceNumber;
        var extended = Stream.OnPacket(seq, parsed.Timestamp, packet.Length, nowUs, retransmission);
        if (retransmission)
        {
            Stream.PacketsRepaired++;
            counters.PacketsRepaired++;
        }

        if (Stream.IsVideo || SupportsNack)
        {
            if (Stream.Nack.OnPacket(extended, retransmission, nowUs))
            {
                RequestKeyFrame(nowUs);
            }
        }

        var isKeyFrame = Stream.IsVideo && KeyFrameDetector.IsKeyFrame(MimeType, parsed.Payload);
        if (isKeyFrame)
        {
            Stream.KeyFrames++;
            counters.KeyFramesReceived++;
            Stream.AwaitingKeyFrame = false;
            Stream.KeyFrameRetryPending = false;
        }

        var headerLength = parsed.HeaderLength;
        var timestamp = parsed.Timestamp;

        // Router's view: payload type, SSRC and extension ids (RFC 8285 ids are per session; rewrite them all).
        RtpHeader.SetPayloadType(packet, mappedPt);
        RtpHeader.SetSsrc(packet, Stream.MappedSsrc);
        if (parsed.HasExtension && !RtpHeaderExtensions.RemapIds(packet, _extensionIdMap))
        {
            counters.Dropped++;
            return;
        }

        Stream.Store?.Store(packet, seq, headerLength, nowUs);
        if (_paused)
        {
            return;
        }

        var consumers = _consumers;
        for (var i = 0; i < consumers.Count; i++)
        {
            consumers[i].SendRtp(packet, seq, timestamp, isKeyFrame, nowUs);
        }
    }

    /// <summary>Asks the endpoint for a key frame (PLI, or FIR when only FIR was negotiated), at most once per
    /// second; a request inside that second only marks a retry, sent when the second is over and no key frame came.</summary>
    internal void RequestKeyFrame(long nowUs)
    {
        if (Kind != MediaKind.Video || _closed)
        {
            return;
        }

        if (nowUs - Stream.LastKeyFrameRequestUs < RtpStreamRecv.KeyFrameRequestIntervalUs)
        {
            Stream.KeyFrameRetryPending = true;
            return;
        }

        Stream.LastKeyFrameRequestUs = nowUs;
        Stream.KeyFrameRetryPending = false;
        Stream.AwaitingKeyFrame = true;
        var useFir = !SupportsPli && SupportsFir;
        MediaLog.KeyFrameRequested(Worker.Loggers.Rtp, Id, useFir ? "FIR" : "PLI");
        Transport.SendKeyFrameRequest(this, useFir);
    }

    /// <summary>Timer: retries a merged key-frame request when a second passed without a key frame.</summary>
    internal void OnTick(long nowUs)
    {
        if (Stream.KeyFrameRetryPending && nowUs - Stream.LastKeyFrameRequestUs >= RtpStreamRecv.KeyFrameRequestIntervalUs)
        {
            RequestKeyFrame(nowUs);
        }
    }

    internal void CloseInternal(bool notifyTransport)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        foreach (var consumer in _consumers.ToArray())
        {
            consumer.OnProducerClosed();
        }

        _consumers.Clear();
        Transport.Router.RemoveProducer(this);
        if (notifyTransport)
        {
            Transport.OnProducerClosed(this);
        }

        Worker.Counters.Producers--;
        Worker.Raise(Closed);
    }
}
