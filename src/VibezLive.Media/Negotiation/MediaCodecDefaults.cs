using VibezLive.Media.Parameters;

namespace VibezLive.Media.Negotiation;

/// <summary>
/// The server's default router media codecs: opus, VP8, VP9 (profiles 0 and 2), H264 (constrained baseline 3.1 and
/// main 5.0, packetization-mode 1) and AV1, video with a 1000 kbit/s start bitrate hint for libwebrtc. Order matters:
/// mediasoup-client picks the first compatible codec in router order, so VP8 (universally supported) leads the video
/// codecs and H264 constrained baseline (hardware encoders, Safari) comes before main.
/// </summary>
public static class MediaCodecDefaults
{
    /// <summary>A fresh list on every call (the objects are mutable).</summary>
    public static IReadOnlyList<RtpCodecCapability> Default =>
    [
        new() { Kind = MediaKind.Audio, MimeType = "audio/opus", ClockRate = 48000, Channels = 2 },
        Video("video/VP8", new()),
        Video("video/VP9", new() { ["profile-id"] = 0 }),
        Video("video/VP9", new() { ["profile-id"] = 2 }),
        Video("video/H264", new() { ["packetization-mode"] = 1, ["profile-level-id"] = "42e01f", ["level-asymmetry-allowed"] = 1 }),
        Video("video/H264", new() { ["packetization-mode"] = 1, ["profile-level-id"] = "4d0032", ["level-asymmetry-allowed"] = 1 }),
        Video("video/AV1", new()),
    ];

    private static RtpCodecCapability Video(string mimeType, Dictionary<string, CodecParameterValue> parameters)
    {
        parameters["x-google-start-bitrate"] = 1000;
        return new RtpCodecCapability
        {
            Kind = MediaKind.Video,
            MimeType = mimeType,
            ClockRate = 90000,
            Parameters = new(parameters, StringComparer.Ordinal),
        };
    }
}
