using VibezLive.Media.Parameters;

namespace VibezLive.Media.Negotiation;

// Inside VibezLive.Media the simple name RtpParameters binds to the namespace; this alias (scoped to the namespace
// declaration) makes it bind to the type.
using RtpParameters = VibezLive.Media.Parameters.RtpParameters;

// Validation of what endpoints and configuration hand us. Like mediasoup, these fill defaults in place (kind from
// the mime type, channels 1 for audio, empty parameters/feedback, dtx false, reducedSize true) and throw
// mediasoup's TypeError texts. Beyond mediasoup, ranges the engine relies on are enforced (7-bit payload types,
// RFC 3550 §5.1; extension ids 1–255, RFC 8285 §4.2/§4.3) and list lengths are bounded, since these objects come
// from clients: the limits are far above what any browser sends.
public static partial class Ortc
{
    private const int MaxExtensionId = 255;
    private const int MaxPayloadType = 127;

    // One entry per payload type / extension id is the most a sane peer can send; capabilities list audio and video.
    private const int MaxCodecs = MaxPayloadType + 1;
    private const int MaxHeaderExtensions = MaxExtensionId;
    private const int MaxCapabilityCodecs = 2 * MaxCodecs;
    private const int MaxCapabilityHeaderExtensions = 2 * MaxExtensionId;

    // Browsers send at most 4 simulcast layers; the engine creates one receive stream per encoding.
    private const int MaxEncodings = 16;

    /// <summary>Validates and normalizes RTP capabilities (router configuration or an endpoint's receive caps).</summary>
    public static void ValidateRtpCapabilities(RtpCapabilities c)
    {
        if (c is null)
        {
            throw OrtcException.Type("caps is not an object");
        }

        c.Codecs ??= [];
        c.HeaderExtensions ??= [];
        if (c.Codecs.Count > MaxCapabilityCodecs)
        {
            throw OrtcException.Type("too many caps.codecs");
        }

        if (c.HeaderExtensions.Count > MaxCapabilityHeaderExtensions)
        {
            throw OrtcException.Type("too many caps.headerExtensions");
        }

        foreach (var codec in c.Codecs)
        {
            ValidateRtpCodecCapability(codec);
        }

        foreach (var ext in c.HeaderExtensions)
        {
            ValidateRtpHeaderExtension(ext);
        }
    }

    /// <summary>Validates and normalizes a producer's (or any) RTP parameters.</summary>
    public static void ValidateRtpParameters(RtpParameters p)
    {
        if (p is null)
        {
            throw OrtcException.Type("params is not an object");
        }

        if (p.Codecs is null)
        {
            throw OrtcException.Type("missing params.codecs");
        }

        p.HeaderExtensions ??= [];
        p.Encodings ??= [];
        if (p.Codecs.Count > MaxCodecs)
        {
            throw OrtcException.Type("too many params.codecs");
        }

        if (p.HeaderExtensions.Count > MaxHeaderExtensions)
        {
            throw OrtcException.Type("too many params.headerExtensions");
        }

        if (p.Encodings.Count > MaxEncodings)
        {
            throw OrtcException.Type("too many params.encodings");
        }

        foreach (var codec in p.Codecs)
        {
            ValidateRtpCodecParameters(codec);
        }

        foreach (var ext in p.HeaderExtensions)
        {
            ValidateRtpHeaderExtensionParameters(ext);
        }

        foreach (var encoding in p.Encodings)
        {
            ValidateRtpEncodingParameters(encoding);
        }

        // No encodings: a single stream identified by MID only.
        if (p.Encodings.Count == 0)
        {
            p.Encodings.Add(new RtpEncodingParameters { Dtx = false });
        }

        p.Rtcp ??= new RtcpParameters();
    }

    internal static void ValidateRtpCodecCapability(RtpCodecCapability codec)
    {
        if (codec is null)
        {
            throw OrtcException.Type("codec is not an object");
        }

        codec.Kind = KindOfMimeType(codec.MimeType);

        if (codec.PreferredPayloadType is < 0 or > MaxPayloadType)
        {
            throw OrtcException.Type("invalid codec.preferredPayloadType");
        }

        if (codec.ClockRate <= 0)
        {
            throw OrtcException.Type("missing codec.clockRate");
        }

        codec.Channels = NormalizeChannels(codec.Kind, codec.Channels);
        codec.Parameters = ValidateCodecParameterMap(codec.Parameters);
        codec.RtcpFeedback = ValidateFeedback(codec.RtcpFeedback);
    }

    internal static void ValidateRtpHeaderExtension(RtpHeaderExtension ext)
    {
        if (ext is null)
        {
            throw OrtcException.Type("ext is not an object");
        }

        if (!Enum.IsDefined(ext.Kind))
        {
            throw OrtcException.Type("invalid ext.kind");
        }

        if (string.IsNullOrEmpty(ext.Uri))
        {
            throw OrtcException.Type("missing ext.uri");
        }

        if (ext.PreferredId is < 1 or > MaxExtensionId)
        {
            throw OrtcException.Type("missing ext.preferredId");
        }

        if (!Enum.IsDefined(ext.Direction))
        {
            throw OrtcException.Type("invalid ext.direction");
        }
    }

    internal static void ValidateRtpCodecParameters(RtpCodecParameters codec)
    {
        if (codec is null)
        {
            throw OrtcException.Type("codec is not an object");
        }

        var kind = KindOfMimeType(codec.MimeType);

        if (codec.PayloadType is < 0 or > MaxPayloadType)
        {
            throw OrtcException.Type("invalid codec.payloadType");
        }

        if (codec.ClockRate <= 0)
        {
            throw OrtcException.Type("missing codec.clockRate");
        }

        codec.Channels = NormalizeChannels(kind, codec.Channels);
        codec.Parameters = ValidateCodecParameterMap(codec.Parameters);
        codec.RtcpFeedback = ValidateFeedback(codec.RtcpFeedback);
    }

    internal static void ValidateRtpHeaderExtensionParameters(RtpHeaderExtensionParameters ext)
    {
        if (ext is null)
        {
            throw OrtcException.Type("ext is not an object");
        }

        if (string.IsNullOrEmpty(ext.Uri))
        {
            throw OrtcException.Type("missing ext.uri");
        }

        if (ext.Id is < 1 or > MaxExtensionId)
        {
            throw OrtcException.Type("missing ext.id");
        }

        ext.Parameters ??= new(StringComparer.Ordinal);
    }

    internal static void ValidateRtpEncodingParameters(RtpEncodingParameters encoding)
    {
        if (encoding is null)
        {
            throw OrtcException.Type("encoding is not an object");
        }

        encoding.Dtx ??= false;
    }

    private static MediaKind KindOfMimeType(string? mimeType)
    {
        if (string.IsNullOrEmpty(mimeType))
        {
            throw OrtcException.Type("missing codec.mimeType");
        }

        // ^(audio|video)/(.+) case-insensitively.
        const int PrefixLength = 6;
        if (mimeType.Length > PrefixLength)
        {
            if (mimeType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase))
            {
                return MediaKind.Audio;
            }

            if (mimeType.StartsWith("video/", StringComparison.OrdinalIgnoreCase))
            {
                return MediaKind.Video;
            }
        }

        throw OrtcException.Type("invalid codec.mimeType");
    }

    private static int? NormalizeChannels(MediaKind kind, int? channels)
    {
        if (kind == MediaKind.Video)
        {
            return null;
        }

        if (channels is < 1)
        {
            throw OrtcException.Type("invalid codec.channels");
        }

        return channels ?? 1;
    }

    private static Dictionary<string, CodecParameterValue> ValidateCodecParameterMap(Dictionary<string, CodecParameterValue>? parameters)
    {
        parameters ??= new(StringComparer.Ordinal);

        // RTX's apt (RFC 4588 §8.6) must be a number: mediasoup-client fails device.load() otherwise.
        if (parameters.TryGetValue("apt", out var apt) && !apt.IsNumber)
        {
            throw OrtcException.Type("invalid codec apt parameter");
        }

        return parameters;
    }

    private static List<RtcpFeedback> ValidateFeedback(List<RtcpFeedback>? feedback)
    {
        feedback ??= [];
        foreach (var fb in feedback)
        {
            if (fb is null)
            {
                throw OrtcException.Type("fb is not an object");
            }

            if (string.IsNullOrEmpty(fb.Type))
            {
                throw OrtcException.Type("missing fb.type");
            }

            fb.Parameter ??= "";
        }

        return feedback;
    }
}
