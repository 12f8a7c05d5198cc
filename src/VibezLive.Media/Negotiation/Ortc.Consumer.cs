using System.Globalization;
using VibezLive.Media.Parameters;

namespace VibezLive.Media.Negotiation;

// Inside VibezLive.Media the simple name RtpParameters binds to the namespace; this alias (scoped to the namespace
// declaration) makes it bind to the type.
using RtpParameters = VibezLive.Media.Parameters.RtpParameters;

// Consumer side: can an endpoint receive a producer, and with which parameters.
public static partial class Ortc
{
    private const string TransportCcFeedback = "transport-cc";
    private const string RembFeedback = "goog-remb";

    /// <summary>
    /// True when the first consumable codec the endpoint can receive (strict match) is a media codec. Invalid
    /// capabilities yield false (mediasoup's <c>router.canConsume()</c> never throws).
    /// </summary>
    public static bool CanConsume(RtpParameters consumableParams, RtpCapabilities remoteCaps)
    {
        ArgumentNullException.ThrowIfNull(consumableParams);
        try
        {
            ValidateRtpCapabilities(remoteCaps);
        }
        catch (OrtcException)
        {
            return false;
        }

        foreach (var codec in consumableParams.Codecs)
        {
            if (remoteCaps.Codecs.Exists(cap => CodecMatcher.Match(cap, codec, strict: true)))
            {
                return !CodecMatcher.IsRtx(codec.MimeType);
            }
        }

        return false;
    }

    /// <summary>
    /// The parameters a consumer sends with (mediasoup's <c>getConsumerRtpParameters</c>): consumable codecs the
    /// endpoint strictly matches, with the endpoint's RTCP feedback (plain NACK and RTX only when
    /// <paramref name="enableRtx"/>); the consumable header extensions whose (uri, id) the endpoint lists; RTCP
    /// feedback pruned to the bandwidth estimator the extensions allow (transport-cc wins over REMB);
    /// one encoding with a random SSRC (and RTX SSRC = SSRC + 1) carrying the producer's layer structure, or with
    /// <paramref name="pipe"/> every encoding. <see cref="RtpParameters.Mid"/> is left to the transport.
    /// </summary>
    public static RtpParameters GetConsumerRtpParameters(RtpParameters consumableParams, RtpCapabilities remoteCaps, bool pipe, bool enableRtx)
    {
        ArgumentNullException.ThrowIfNull(consumableParams);
        ValidateRtpCapabilities(remoteCaps);

        var consumer = new RtpParameters { Rtcp = consumableParams.Rtcp?.Clone() ?? new RtcpParameters() };

        foreach (var consumableCodec in consumableParams.Codecs)
        {
            if (!enableRtx && CodecMatcher.IsRtx(consumableCodec.MimeType))
            {
                continue;
            }

            var cap = remoteCaps.Codecs.Find(c => CodecMatcher.Match(c, consumableCodec, strict: true));
            if (cap is null)
            {
                continue;
            }

            var codec = consumableCodec.Clone();
            codec.RtcpFeedback = cap.RtcpFeedback
                .Where(fb => enableRtx || fb.Type != "nack" || fb.Parameter.Length != 0)
                .Select(static fb => fb.Clone())
                .ToList();
            consumer.Codecs.Add(codec);
        }

        // An RTX codec is usable only next to the media codec it repairs (RFC 4588 §8.6 apt).
        var mediaPayloadTypes = consumer.Codecs.Where(static c => !CodecMatcher.IsRtx(c.MimeType)).Select(static c => (long)c.PayloadType).ToHashSet();
        consumer.Codecs.RemoveAll(c => CodecMatcher.IsRtx(c.MimeType) && !(AptOf(c.Parameters) is { } apt && mediaPayloadTypes.Contains(apt)));
        var rtxSupported = consumer.Codecs.Exists(static c => CodecMatcher.IsRtx(c.MimeType));

        if (consumer.Codecs.Count == 0 || CodecMatcher.IsRtx(consumer.Codecs[0].MimeType))
        {
            throw OrtcException.Unsupported("no compatible media codecs");
        }

        foreach (var ext in consumableParams.HeaderExtensions)
        {
            // Only (uri, id) is compared: mediasoup-client 3.24 keys its receive extensions by id, so an audio "mid"
            // may be listed only under video with the same id.
            if (remoteCaps.HeaderExtensions.Exists(capExt => capExt.PreferredId == ext.Id && capExt.Uri == ext.Uri))
            {
                consumer.HeaderExtensions.Add(ext.Clone());
            }
        }

        PruneBandwidthFeedback(consumer);

        if (!pipe)
        {
            consumer.Encodings.Add(BuildSingleEncoding(consumableParams.Encodings, rtxSupported));
        }
        else
        {
            var baseSsrc = RandomSsrc();
            var baseRtxSsrc = RandomSsrc();
            for (var i = 0; i < consumableParams.Encodings.Count; i++)
            {
                var encoding = consumableParams.Encodings[i].Clone();
                encoding.Ssrc = baseSsrc + (uint)i;
                encoding.Rtx = rtxSupported ? new RtpEncodingRtx(baseRtxSsrc + (uint)i) : null;
                consumer.Encodings.Add(encoding);
            }
        }

        return consumer;
    }

    /// <summary>
    /// Parameters of a consumer on a router-to-router pipe (mediasoup's <c>getPipeConsumerRtpParameters</c>): all
    /// codecs (RTX only when <paramref name="enableRtx"/>), feedback reduced to PLI/FIR (+ NACK with RTX), no
    /// MID/abs-send-time/transport-cc extensions (no BWE across a pipe), and every encoding with fresh SSRCs.
    /// </summary>
    public static RtpParameters GetPipeConsumerRtpParameters(RtpParameters consumableParams, bool enableRtx)
    {
        ArgumentNullException.ThrowIfNull(consumableParams);

        var consumer = new RtpParameters { Rtcp = consumableParams.Rtcp?.Clone() ?? new RtcpParameters() };

        foreach (var consumableCodec in consumableParams.Codecs)
        {
            if (!enableRtx && CodecMatcher.IsRtx(consumableCodec.MimeType))
            {
                continue;
            }

            var codec = consumableCodec.Clone();
            codec.RtcpFeedback.RemoveAll(fb => !(
                (fb.Type == "nack" && fb.Parameter == "pli") ||
                (fb.Type == "ccm" && fb.Parameter == "fir") ||
                (enableRtx && fb.Type == "nack" && fb.Parameter.Length == 0)));
            consumer.Codecs.Add(codec);
        }

        foreach (var ext in consumableParams.HeaderExtensions)
        {
            if (ext.Uri is not (RtpHeaderExtensionUri.Mid or RtpHeaderExtensionUri.AbsSendTime or RtpHeaderExtensionUri.TransportWideCc))
            {
                consumer.HeaderExtensions.Add(ext.Clone());
            }
        }

        var baseSsrc = RandomSsrc();
        var baseRtxSsrc = RandomSsrc();
        for (var i = 0; i < consumableParams.Encodings.Count; i++)
        {
            var encoding = consumableParams.Encodings[i].Clone();
            encoding.Ssrc = baseSsrc + (uint)i;
            encoding.Rtx = enableRtx ? new RtpEncodingRtx(baseRtxSsrc + (uint)i) : null;
            consumer.Encodings.Add(encoding);
        }

        return consumer;
    }

    // A receiver can run one sender-side estimator: transport-cc needs the transport-wide sequence number extension,
    // REMB needs abs-send-time; without either, neither feedback is useful.
    private static void PruneBandwidthFeedback(RtpParameters consumer)
    {
        var hasTransportCc = consumer.HeaderExtensions.Exists(e => e.Uri == RtpHeaderExtensionUri.TransportWideCc);
        var hasAbsSendTime = consumer.HeaderExtensions.Exists(e => e.Uri == RtpHeaderExtensionUri.AbsSendTime);

        foreach (var codec in consumer.Codecs)
        {
            codec.RtcpFeedback.RemoveAll(fb => fb.Type switch
            {
                RembFeedback => hasTransportCc || !hasAbsSendTime,
                TransportCcFeedback => !hasTransportCc,
                _ => false,
            });
        }
    }

    // The consumer sends one continuous stream whatever the producer sends: simulcast layers become the spatial
    // layers of its scalability mode ("L<encodings>T<temporal layers>"), an SVC mode is kept verbatim.
    private static RtpEncodingParameters BuildSingleEncoding(List<RtpEncodingParameters> consumableEncodings, bool rtxSupported)
    {
        var ssrc = RandomSsrc();
        var encoding = new RtpEncodingParameters { Ssrc = ssrc };
        if (rtxSupported)
        {
            encoding.Rtx = new RtpEncodingRtx(ssrc + 1);
        }

        var scalabilityMode = consumableEncodings.Find(static e => !string.IsNullOrEmpty(e.ScalabilityMode))?.ScalabilityMode;
        if (consumableEncodings.Count > 1)
        {
            var temporalLayers = ScalabilityMode.Parse(scalabilityMode).TemporalLayers;
            scalabilityMode = string.Create(CultureInfo.InvariantCulture, $"L{consumableEncodings.Count}T{temporalLayers}");
        }

        encoding.ScalabilityMode = scalabilityMode;

        long maxBitrate = 0;
        foreach (var e in consumableEncodings)
        {
            if (e.MaxBitrate is { } bitrate && bitrate > maxBitrate)
            {
                maxBitrate = bitrate;
            }
        }

        if (maxBitrate > 0)
        {
            encoding.MaxBitrate = maxBitrate;
        }

        return encoding;
    }
}
