using System.Collections.Concurrent;
using VibezLive.Media.Diagnostics;
using VibezLive.Media.Negotiation;
using VibezLive.Media.Parameters;
using VibezLive.Media.Rtp;
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
    private readonly bool _isSimulcast;
    private volatile bool _paused;
    private volatile bool _closed;

    internal Producer(WebRtcTransport transport, MediaKind kind, RtpParameters rtpParameters, RtpParameters consumable, RtpMapping mapping, IDictionary<string, object?>? appData, bool paused)
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
                case RtpExtensionUris.Rid:
                    RidExtensionId = (byte)ext.Id;
                    break;
                case RtpExtensionUris.RepairedRid:
                    RepairedRidExtensionId = (byte)ext.Id;
                    break;
                case RtpExtensionUris.TransportWideCc:
                    TransportWideCcExtensionId = (byte)ext.Id;
                    break;
                case RtpExtensionUris.AbsSendTime:
                    AbsSendTimeExtensionId = (byte)ext.Id;
                    break;
                case RtpExtensionUris.Mid:
                    MidExtensionId = (byte)ext.Id;
                    break;
                case RtpHeaderExtensionUri.AudioLevel when kind == MediaKind.Audio:
                    AudioLevelExtensionId = (byte)ext.Id;
                    break;
            }
        }

        var feedback = media.RtcpFeedback;
        SupportsNack = feedback.Exists(f => f.Type == "nack" && f.Parameter.Length == 0);
        SupportsPli = feedback.Exists(f => f.Type == "nack" && f.Parameter == "pli");
        SupportsFir = feedback.Exists(f => f.Type == "ccm" && f.Parameter == "fir");
        var streams = new RtpStreamRecv[rtpParameters.Encodings.Count];
        for (var i = 0; i < streams.Length; i++)
        {
            var encoding = rtpParameters.Encodings[i];
            streams[i] = new RtpStreamRecv(
                encoding.Ssrc ?? 0,
                encoding.Rtx?.Ssrc,
                mapping.Encodings[Math.Min(i, mapping.Encodings.Count - 1)].MappedSsrc,
                media.MimeType,
                media.ClockRate,
                kind == MediaKind.Video,
                storePackets: kind == MediaKind.Video || SupportsNack)
            {
                Rid = encoding.Rid,
                Index = i,
            };
        }

        Streams = streams;
        _isSimulcast = streams.Length > 1;
    }

    public string Id { get; } = Guid.NewGuid().ToString();

    public MediaKind Kind { get; }

    /// <summary>The parameters the endpoint sent (cname replaced by the transport-wide one).</summary>
    public RtpParameters RtpParameters { get; }

    /// <summary>The producer as the router sees it (router payload types, header-extension ids, mapped SSRC).</summary>
    public RtpParameters ConsumableRtpParameters { get; }

    /// <summary>"simple" (one stream), or "simulcast" (several encodings; each consumer picks its own).</summary>
    public string Type { get; }

    public bool Paused => _paused;

    public bool IsClosed => _closed;

    public IDictionary<string, object?> AppData { get; }

    /// <summary>Raised on the worker thread when the producer closes for any reason (its own CloseAsync, its
    /// transport or router closing).</summary>
    public event Action? Closed;

    internal WebRtcTransport Transport { get; }

    /// <summary>One receive stream per encoding (simulcast: one per RID).</summary>
    internal RtpStreamRecv[] Streams { get; }

    /// <summary>The first (simple: only) stream. Simulcast consumers each follow their own stream instead.</summary>
    internal RtpStreamRecv Stream => Streams[0];

    /// <summary>Simulcast: a stream counts as flowing while its last packet is at most this old (the browser stops
    /// sending a layer when its bandwidth estimate drops; consumers of it then fall back to a lower one).</summary>
    internal const long InactiveStreamUs = 1_500_000;

    internal byte RidExtensionId { get; }

    internal byte RepairedRidExtensionId { get; }

    internal string MimeType { get; }

    internal byte MediaPayloadType { get; }

    internal byte? RtxPayloadType { get; }

    internal byte TransportWideCcExtensionId { get; }

    internal byte AbsSendTimeExtensionId { get; }

    internal byte MidExtensionId { get; }

    /// <summary>The endpoint's id of RFC 6464 <c>ssrc-audio-level</c> (audio only; 0 when not negotiated).</summary>
    internal byte AudioLevelExtensionId { get; }

    /// <summary>Levels received since the router's audio-level observer last looked.</summary>
    internal Observers.AudioLevelAccumulator AudioLevel { get; } = new();

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
    public Task<IReadOnlyList<object>> GetStatsAsync() => Worker.InvokeAsync(BuildStats);

    /// <summary>One <c>inbound-rtp</c> entry per stream that has received packets (or the forwarded one).</summary>
    internal IReadOnlyList<object> BuildStats()
    {
        var list = new List<object>(Streams.Length);
        foreach (var stream in Streams)
        {
            if (stream == Stream || stream.PacketCount > 0)
            {
                list.Add(BuildStats(stream));
            }
        }

        return list;
    }

    private RtpStreamStats BuildStats(RtpStreamRecv stream) => new()
    {
        Type = "inbound-rtp",
        Timestamp = Worker.Time.GetUtcNow().ToUnixTimeMilliseconds(),
        Ssrc = stream.Ssrc,
        RtxSsrc = stream.RtxSsrc,
        Kind = Kind == MediaKind.Video ? "video" : "audio",
        MimeType = MimeType,
        PacketsLost = stream.CumulativeLost,
        FractionLost = stream.LastFractionLost,
        PacketsRepaired = stream.PacketsRepaired,
        PacketsRetransmitted = stream.PacketsRetransmitted,
        NackCount = stream.NackCount,
        NackPacketCount = stream.NackPacketCount,
        PliCount = stream.PliCount,
        FirCount = stream.FirCount,
        PacketCount = stream.PacketCount,
        ByteCount = stream.ByteCount,
        Bitrate = stream.Bitrate,
        Jitter = stream.Jitter,
        RoundTripTime = stream.RttUs / 1000.0,
        Score = stream.PacketCount > 0 ? 10 : 0,
    };

    internal void AddConsumer(SimpleConsumer consumer) => _consumers.Add(consumer);

    internal void RemoveConsumer(SimpleConsumer consumer) => _consumers.Remove(consumer);

    /// <summary>
    /// Hot path. <paramref name="packet"/> is a plain (unprotected) RTP packet from the endpoint, parsed and validated;
    /// it is rewritten in place to the router's view and forwarded to every consumer.
    /// </summary>
    internal void ReceiveRtp(Span<byte> packet, RtpStreamRecv stream, bool retransmission, long nowUs)
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
        var extended = stream.OnPacket(seq, parsed.Timestamp, packet.Length, nowUs, retransmission);
        if (retransmission)
        {
            stream.PacketsRepaired++;
            counters.PacketsRepaired++;
        }

        if (stream.IsVideo || SupportsNack)
        {
            if (stream.Nack.OnPacket(extended, retransmission, nowUs))
            {
                RequestKeyFrame(stream, nowUs);
            }
        }

        var isKeyFrame = stream.IsVideo && KeyFrameDetector.IsKeyFrame(MimeType, parsed.Payload);
        if (isKeyFrame)
        {
            stream.KeyFrames++;
            counters.KeyFramesReceived++;
            stream.AwaitingKeyFrame = false;
            stream.KeyFrameRetryPending = false;
        }

        var headerLength = parsed.HeaderLength;
        var timestamp = parsed.Timestamp;

        // Before the id rewrite below: the element is found by the endpoint's id. Retransmissions repeat old levels.
        if (AudioLevelExtensionId != 0 && !retransmission && !_paused
            && parsed.TryGetExtension(AudioLevelExtensionId, out var audioLevel) && audioLevel.Length > 0)
        {
            AudioLevel.Add(audioLevel[0]);
        }

        // Router's view: payload type, SSRC and extension ids (RFC 8285 ids are per session; rewrite them all).
        RtpHeader.SetPayloadType(packet, mappedPt);
        RtpHeader.SetSsrc(packet, stream.MappedSsrc);
        if (parsed.HasExtension && !RtpHeaderExtensions.RemapIds(packet, _extensionIdMap))
        {
            counters.Dropped++;
            return;
        }

        stream.Store?.Store(packet, seq, headerLength, nowUs);
        if (_paused)
        {
            return;
        }

        var consumers = _consumers;
        if (_isSimulcast)
        {
            // Every encoding goes to every consumer; each keeps only the layer it selected.
            for (var i = 0; i < consumers.Count; i++)
            {
                consumers[i].SendSimulcastRtp(packet, stream, seq, timestamp, isKeyFrame, retransmission, nowUs);
            }

            return;
        }

        for (var i = 0; i < consumers.Count; i++)
        {
            consumers[i].SendRtp(packet, seq, timestamp, isKeyFrame, nowUs);
        }
    }

    /// <summary>PLI, or FIR when only FIR was negotiated, at most once per second per stream; a request inside that
    /// second only marks a retry, sent when the second is over and no key frame came (mediasoup's 1 s throttle).</summary>
    internal void RequestKeyFrame(RtpStreamRecv stream, long nowUs)
    {
        if (Kind != MediaKind.Video || _closed || stream.Ssrc == 0)
        {
            return;
        }

        if (nowUs - stream.LastKeyFrameRequestUs < RtpStreamRecv.KeyFrameRequestIntervalUs)
        {
            stream.KeyFrameRetryPending = true;
            return;
        }

        stream.LastKeyFrameRequestUs = nowUs;
        stream.KeyFrameRetryPending = false;
        stream.AwaitingKeyFrame = true;
        var useFir = !SupportsPli && SupportsFir;
        MediaLog.KeyFrameRequested(Worker.Loggers.Rtp, Id, useFir ? "FIR" : "PLI");
        Transport.SendKeyFrameRequest(stream, useFir);
    }

    /// <summary>Timer: retries merged key-frame requests; simulcast consumers re-evaluate their layer (fall back
    /// when theirs stopped, go up when a better one flows).</summary>
    internal void OnTick(long nowUs)
    {
        foreach (var stream in Streams)
        {
            if (stream.KeyFrameRetryPending && nowUs - stream.LastKeyFrameRequestUs >= RtpStreamRecv.KeyFrameRequestIntervalUs)
            {
                RequestKeyFrame(stream, nowUs);
            }
        }

        if (_isSimulcast && !_paused)
        {
            foreach (var consumer in _consumers)
            {
                consumer.UpdateLayers(nowUs);
            }
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
