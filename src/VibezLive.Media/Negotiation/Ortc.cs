using System.Security.Cryptography;
using VibezLive.Media.Parameters;

namespace VibezLive.Media.Negotiation;

/// <summary>
/// RTP negotiation as pure functions (mediasoup's ortc): router capabilities from configured codecs, validation of
/// what endpoints send, producer → router mapping, consumable and consumer parameters. Inputs are not mutated unless
/// stated (validation fills defaults in place, as mediasoup does); errors are <see cref="OrtcException"/>s carrying
/// mediasoup's messages.
/// </summary>
public static partial class Ortc
{
    // Dynamic payload types (RFC 3551 §6: 96–127) in the order mediasoup 3.19 hands them out: 100–127 first, then
    // 96–99, so that app-chosen types in 96–99 rarely collide.
    private static readonly int[] DynamicPayloadTypes =
    [
        100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120,
        121, 122, 123, 124, 125, 126, 127, 96, 97, 98, 99,
    ];

    /// <summary>
    /// The router's capabilities for the configured <paramref name="mediaCodecs"/> (mediasoup's
    /// <c>generateRouterRtpCapabilities</c>): each codec is matched against <see cref="SupportedRtpCapabilities"/>
    /// (canonical mime type and default RTCP feedback win, parameters are merged with the configured ones winning),
    /// gets its configured or static payload type or the next free dynamic one, and every video codec is followed by
    /// its RTX codec (RFC 4588) on the next free payload type. Header extensions are the supported list.
    /// </summary>
    public static RtpCapabilities GenerateRouterRtpCapabilities(IReadOnlyList<RtpCodecCapability> mediaCodecs)
    {
        if (mediaCodecs is null)
        {
            throw OrtcException.Type("mediaCodecs must be an Array");
        }

        var supported = SupportedRtpCapabilities.Shared;
        var freePayloadTypes = new List<int>(DynamicPayloadTypes);
        var caps = new RtpCapabilities
        {
            HeaderExtensions = supported.HeaderExtensions.ConvertAll(static e => e.Clone()),
        };

        foreach (var configured in mediaCodecs)
        {
            if (configured is null)
            {
                throw OrtcException.Type("codec is not an object");
            }

            var mediaCodec = configured.Clone();
            ValidateRtpCodecCapability(mediaCodec);

            var match = supported.Codecs.Find(s => CodecMatcher.Match(mediaCodec, s, strict: false))
                ?? throw OrtcException.Unsupported($"media codec not supported [mimeType:{mediaCodec.MimeType}]");

            var codec = match.Clone();
            codec.Channels = mediaCodec.Channels;
            if (mediaCodec.PreferredPayloadType is { } chosen)
            {
                codec.PreferredPayloadType = chosen;
                freePayloadTypes.Remove(chosen);
            }
            else if (codec.PreferredPayloadType is null)
            {
                codec.PreferredPayloadType = TakePayloadType(freePayloadTypes);
            }

            if (caps.Codecs.Exists(c => c.PreferredPayloadType == codec.PreferredPayloadType))
            {
                throw OrtcException.Type("duplicated codec.preferredPayloadType");
            }

            foreach (var (key, value) in mediaCodec.Parameters)
            {
                codec.Parameters[key] = value;
            }

            caps.Codecs.Add(codec);

            if (codec.Kind == MediaKind.Video)
            {
                caps.Codecs.Add(new RtpCodecCapability
                {
                    Kind = MediaKind.Video,
                    MimeType = "video/rtx",
                    PreferredPayloadType = TakePayloadType(freePayloadTypes),
                    ClockRate = codec.ClockRate,
                    Parameters = new(StringComparer.Ordinal) { ["apt"] = codec.PreferredPayloadType.Value },
                    RtcpFeedback = [],
                });
            }
        }

        return caps;
    }

    private static int TakePayloadType(List<int> freePayloadTypes)
    {
        if (freePayloadTypes.Count == 0)
        {
            throw OrtcException.Other("cannot allocate more dynamic codec payload types");
        }

        var pt = freePayloadTypes[0];
        freePayloadTypes.RemoveAt(0);
        return pt;
    }

    // mediasoup draws SSRCs from [100000000, 999999999]; the range keeps "ssrc + 1" (RTX) and "base + i" in 32 bits.
    internal static uint RandomSsrc() => (uint)RandomNumberGenerator.GetInt32(100_000_000, 1_000_000_000);
}
