using VibezLive.Media.Parameters;

namespace VibezLive.Media.Negotiation;

/// <summary>
/// The codecs and header extensions the router can handle, as mediasoup 3.19.3 advertises them (codec table, default
/// RTCP feedback, static payload types and extension ids). Router capabilities are derived from this list and the
/// configured media codecs. Extension ids are the router's choice: clients use whatever the router advertises.
/// </summary>
public static class SupportedRtpCapabilities
{
    private static readonly RtpCapabilities Template = Build();

    /// <summary>A fresh deep copy on every call (the objects are mutable).</summary>
    public static RtpCapabilities Value => Template.Clone();

    // Mono codecs carry no channels here (as in mediasoup's table); router capabilities get the validated default 1.

    /// <summary>The shared instance; callers must not mutate it.</summary>
    internal static RtpCapabilities Shared => Template;

    private static RtpCapabilities Build()
    {
        RtcpFeedback[] Video() =>
        [
            new("nack"), new("nack", "pli"), new("ccm", "fir"), new("goog-remb"), new("transport-cc"),
        ];
        RtcpFeedback[] Opus() => [new("nack"), new("transport-cc")];
        RtcpFeedback[] Tcc() => [new("transport-cc")];

        var codecs = new List<RtpCodecCapability>
        {
            Audio("audio/opus", 48000, 2, Opus()),
            MultiOpus(4, "0,1,2,3", 2, 2),
            MultiOpus(6, "0,4,1,2,3,5", 4, 2),
            MultiOpus(8, "0,6,1,2,3,4,5,7", 5, 3),
            Audio("audio/PCMU", 8000, null, Tcc(), preferredPayloadType: 0),
            Audio("audio/PCMA", 8000, null, Tcc(), preferredPayloadType: 8),
            Audio("audio/ISAC", 32000, null, Tcc()),
            Audio("audio/ISAC", 16000, null, Tcc()),
            Audio("audio/G722", 8000, null, Tcc(), preferredPayloadType: 9),
            Audio("audio/iLBC", 8000, null, Tcc()),
            Audio("audio/SILK", 24000, null, Tcc()),
            Audio("audio/SILK", 16000, null, Tcc()),
            Audio("audio/SILK", 12000, null, Tcc()),
            Audio("audio/SILK", 8000, null, Tcc()),
            Audio("audio/CN", 32000, null, [], preferredPayloadType: 13),
            Audio("audio/CN", 16000, null, [], preferredPayloadType: 13),
            Audio("audio/CN", 8000, null, [], preferredPayloadType: 13),
            Audio("audio/telephone-event", 48000, null, []),
            Audio("audio/telephone-event", 32000, null, []),
            Audio("audio/telephone-event", 16000, null, []),
            Audio("audio/telephone-event", 8000, null, []),
            VideoCodec("video/VP8", Video()),
            VideoCodec("video/VP9", Video()),
            VideoCodec("video/H264", Video(), new() { ["level-asymmetry-allowed"] = 1 }),
            VideoCodec("video/AV1", Video()),
        };

        var extensions = new List<RtpHeaderExtension>
        {
            Ext(MediaKind.Audio, RtpHeaderExtensionUri.Mid, 1),
            Ext(MediaKind.Video, RtpHeaderExtensionUri.Mid, 1),
            Ext(MediaKind.Video, RtpHeaderExtensionUri.RtpStreamId, 2, RtpHeaderExtensionDirection.RecvOnly),
            Ext(MediaKind.Video, RtpHeaderExtensionUri.RepairedRtpStreamId, 3, RtpHeaderExtensionDirection.RecvOnly),
            Ext(MediaKind.Audio, RtpHeaderExtensionUri.AbsSendTime, 4),
            Ext(MediaKind.Video, RtpHeaderExtensionUri.AbsSendTime, 4),
            // Audio transport-cc is only received: the router does not send transport-wide sequence numbers on audio.
            Ext(MediaKind.Audio, RtpHeaderExtensionUri.TransportWideCc, 5, RtpHeaderExtensionDirection.RecvOnly),
            Ext(MediaKind.Video, RtpHeaderExtensionUri.TransportWideCc, 5),
            Ext(MediaKind.Video, RtpHeaderExtensionUri.DependencyDescriptor, 8, RtpHeaderExtensionDirection.RecvOnly),
            Ext(MediaKind.Audio, RtpHeaderExtensionUri.AudioLevel, 10),
            Ext(MediaKind.Video, RtpHeaderExtensionUri.VideoOrientation, 11),
            Ext(MediaKind.Video, RtpHeaderExtensionUri.TimeOffset, 12),
            Ext(MediaKind.Audio, RtpHeaderExtensionUri.AbsCaptureTime, 13),
            Ext(MediaKind.Video, RtpHeaderExtensionUri.AbsCaptureTime, 13),
            Ext(MediaKind.Audio, RtpHeaderExtensionUri.PlayoutDelay, 14),
            Ext(MediaKind.Video, RtpHeaderExtensionUri.PlayoutDelay, 14),
        };

        return new RtpCapabilities { Codecs = codecs, HeaderExtensions = extensions };
    }

    private static RtpCodecCapability Audio(string mimeType, int clockRate, int? channels, RtcpFeedback[] feedback, int? preferredPayloadType = null) => new()
    {
        Kind = MediaKind.Audio,
        MimeType = mimeType,
        PreferredPayloadType = preferredPayloadType,
        ClockRate = clockRate,
        Channels = channels,
        RtcpFeedback = [.. feedback],
    };

    // RFC 7587 does not define multichannel opus; this is libwebrtc's "multiopus" with Vorbis channel mappings.
    private static RtpCodecCapability MultiOpus(int channels, string channelMapping, int streams, int coupledStreams)
    {
        var codec = Audio("audio/multiopus", 48000, channels, [new("nack"), new("transport-cc")]);
        codec.Parameters["channel_mapping"] = channelMapping;
        codec.Parameters["num_streams"] = streams;
        codec.Parameters["coupled_streams"] = coupledStreams;
        return codec;
    }

    private static RtpCodecCapability VideoCodec(string mimeType, RtcpFeedback[] feedback, Dictionary<string, CodecParameterValue>? parameters = null) => new()
    {
        Kind = MediaKind.Video,
        MimeType = mimeType,
        ClockRate = 90000,
        Parameters = parameters is null ? new(StringComparer.Ordinal) : new(parameters, StringComparer.Ordinal),
        RtcpFeedback = [.. feedback],
    };

    private static RtpHeaderExtension Ext(MediaKind kind, string uri, int id, RtpHeaderExtensionDirection direction = RtpHeaderExtensionDirection.SendRecv) => new()
    {
        Kind = kind,
        Uri = uri,
        PreferredId = id,
        PreferredEncrypt = false,
        Direction = direction,
    };
}
