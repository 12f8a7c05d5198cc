using VibezLive.Media.Parameters;

namespace VibezLive.Media.Negotiation;

// Inside VibezLive.Media the simple name RtpParameters binds to the namespace; this alias (scoped to the namespace
// declaration) makes it bind to the type.
using RtpParameters = VibezLive.Media.Parameters.RtpParameters;

// Producer side: how what an endpoint sends maps onto the router, and what the router then offers to consumers.
public static partial class Ortc
{
    /// <summary>
    /// Maps each producer codec onto the router codec it strictly matches (for H264 the producer's profile-level-id
    /// is replaced by the answer, RFC 6184 §8.2.2) and each RTX codec onto the router RTX of its media codec; gives
    /// every encoding a random router-side SSRC (consecutive from a random base). Call
    /// <see cref="ValidateRtpParameters"/> first.
    /// </summary>
    public static RtpMapping GetProducerRtpParametersMapping(RtpParameters producerParams, RtpCapabilities routerCaps)
    {
        ArgumentNullException.ThrowIfNull(producerParams);
        ArgumentNullException.ThrowIfNull(routerCaps);

        var codecMappings = new List<CodecMapping>(producerParams.Codecs.Count);
        var matched = new List<(RtpCodecParameters Codec, RtpCodecCapability Cap)>(producerParams.Codecs.Count);

        foreach (var codec in producerParams.Codecs)
        {
            if (CodecMatcher.IsRtx(codec.MimeType))
            {
                continue;
            }

            var cap = routerCaps.Codecs.Find(c => CodecMatcher.MatchAndModify(codec, c))
                ?? throw OrtcException.Unsupported($"unsupported codec [mimeType:{codec.MimeType}, payloadType:{codec.PayloadType}]");

            matched.Add((codec, cap));
            codecMappings.Add(new CodecMapping(codec.PayloadType, cap.PreferredPayloadType!.Value));
        }

        foreach (var codec in producerParams.Codecs)
        {
            if (!CodecMatcher.IsRtx(codec.MimeType))
            {
                continue;
            }

            // RFC 4588 §8.6: apt names the payload type of the original stream.
            var capMediaCodec = codec.Parameters.TryGetValue("apt", out var apt) && apt.TryGetInt64(out var aptPt)
                ? matched.Find(m => m.Codec.PayloadType == aptPt).Cap
                : null;
            if (capMediaCodec is null)
            {
                throw OrtcException.Type($"missing media codec found for RTX PT {codec.PayloadType}");
            }

            var capRtx = routerCaps.Codecs.Find(c => CodecMatcher.IsRtx(c.MimeType) && AptOf(c.Parameters) == capMediaCodec.PreferredPayloadType)
                ?? throw OrtcException.Unsupported($"no RTX codec for capability codec PT {capMediaCodec.PreferredPayloadType}");

            codecMappings.Add(new CodecMapping(codec.PayloadType, capRtx.PreferredPayloadType!.Value));
        }

        var encodings = new List<EncodingMapping>(producerParams.Encodings.Count);
        var mappedSsrc = RandomSsrc();
        foreach (var encoding in producerParams.Encodings)
        {
            encodings.Add(new EncodingMapping(encoding.Ssrc, encoding.Rid, encoding.ScalabilityMode, mappedSsrc++));
        }

        return new RtpMapping(codecMappings, encodings);
    }

    /// <summary>
    /// The producer as the router sees it: router payload types, mime types and RTCP feedback with the producer's own
    /// codec parameters, the router's RTX codecs, the router's sendable header extensions of <paramref name="kind"/>,
    /// the producer encodings with mapped SSRCs (without rid/rtx/codecPayloadType), and the producer's CNAME.
    /// </summary>
    public static RtpParameters GetConsumableRtpParameters(MediaKind kind, RtpParameters producerParams, RtpCapabilities routerCaps, RtpMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(producerParams);
        ArgumentNullException.ThrowIfNull(routerCaps);
        ArgumentNullException.ThrowIfNull(mapping);

        var consumable = new RtpParameters();

        foreach (var codec in producerParams.Codecs)
        {
            if (CodecMatcher.IsRtx(codec.MimeType))
            {
                continue;
            }

            var codecMapping = FindCodecMapping(mapping, codec.PayloadType)
                ?? throw OrtcException.Type($"no mapping for codec payloadType {codec.PayloadType}");
            var cap = routerCaps.Codecs.Find(c => c.PreferredPayloadType == codecMapping.MappedPayloadType)
                ?? throw OrtcException.Type($"no router codec with payloadType {codecMapping.MappedPayloadType}");

            consumable.Codecs.Add(new RtpCodecParameters
            {
                MimeType = cap.MimeType,
                PayloadType = cap.PreferredPayloadType!.Value,
                ClockRate = cap.ClockRate,
                Channels = cap.Channels,
                Parameters = new(codec.Parameters, StringComparer.Ordinal),
                RtcpFeedback = cap.RtcpFeedback.ConvertAll(static fb => fb.Clone()),
            });

            var capRtx = routerCaps.Codecs.Find(c => CodecMatcher.IsRtx(c.MimeType) && AptOf(c.Parameters) == cap.PreferredPayloadType);
            if (capRtx is not null)
            {
                consumable.Codecs.Add(new RtpCodecParameters
                {
                    MimeType = capRtx.MimeType,
                    PayloadType = capRtx.PreferredPayloadType!.Value,
                    ClockRate = capRtx.ClockRate,
                    Parameters = new(capRtx.Parameters, StringComparer.Ordinal),
                    RtcpFeedback = capRtx.RtcpFeedback.ConvertAll(static fb => fb.Clone()),
                });
            }
        }

        foreach (var ext in routerCaps.HeaderExtensions)
        {
            // recvonly extensions (rid, rrid, dependency descriptor, audio transport-cc) are never sent to consumers.
            if (ext.Kind != kind || (ext.Direction != RtpHeaderExtensionDirection.SendRecv && ext.Direction != RtpHeaderExtensionDirection.SendOnly))
            {
                continue;
            }

            consumable.HeaderExtensions.Add(new RtpHeaderExtensionParameters
            {
                Uri = ext.Uri,
                Id = ext.PreferredId,
                Encrypt = ext.PreferredEncrypt,
            });
        }

        for (var i = 0; i < producerParams.Encodings.Count; i++)
        {
            var encoding = producerParams.Encodings[i].Clone();
            encoding.Rid = null;
            encoding.Rtx = null;
            encoding.CodecPayloadType = null;
            encoding.Ssrc = i < mapping.Encodings.Count
                ? mapping.Encodings[i].MappedSsrc
                : throw OrtcException.Type("mapping has fewer encodings than the producer");
            consumable.Encodings.Add(encoding);
        }

        consumable.Rtcp = new RtcpParameters { Cname = producerParams.Rtcp?.Cname, ReducedSize = true };
        return consumable;
    }

    /// <summary>
    /// mediasoup's producer type: several encodings are "simulcast"; one encoding with more than one spatial or
    /// temporal layer is "svc" for codecs whose payload format carries layer information the router can switch on
    /// (VP9, AV1 with the dependency descriptor) and "simulcast" for VP8/H264 (temporal layers through the payload
    /// descriptor, so a VP8 L1T3 stream is "simulcast"); anything else is "simple".
    /// </summary>
    public static string GetProducerType(RtpParameters producerParams)
    {
        ArgumentNullException.ThrowIfNull(producerParams);
        if (producerParams.Encodings.Count > 1)
        {
            return "simulcast";
        }

        var mode = ScalabilityMode.Parse(producerParams.Encodings.Count == 1 ? producerParams.Encodings[0].ScalabilityMode : null);
        if (mode.SpatialLayers == 1 && mode.TemporalLayers == 1)
        {
            return "simple";
        }

        var media = producerParams.Codecs.Find(static c => !CodecMatcher.IsRtx(c.MimeType));
        return media?.MimeType.ToLowerInvariant() switch
        {
            "video/vp9" or "video/av1" => "svc",
            "video/vp8" or "video/h264" => "simulcast",
            _ => "simple",
        };
    }

    private static CodecMapping? FindCodecMapping(RtpMapping mapping, int payloadType)
    {
        foreach (var m in mapping.Codecs)
        {
            if (m.PayloadType == payloadType)
            {
                return m;
            }
        }

        return null;
    }

    private static long? AptOf(Dictionary<string, CodecParameterValue> parameters) =>
        parameters.TryGetValue("apt", out var apt) && apt.TryGetInt64(out var pt) ? pt : null;
}
