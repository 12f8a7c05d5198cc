using System.Text.Json.Nodes;

namespace VibezLive.LoadTest.Signaling;

/// <summary>
/// <c>produce</c> rtpParameters shaped like mediasoup-client 3.24 (handler Chrome111) sends them from Chrome: the
/// browser's own payload types and header extension ids (not the router's), one encoding with ssrc (and rtx),
/// <c>rtcp { cname, reducedSize: true }</c>, and <c>msid</c>. The packet writers use the same constants.
/// </summary>
internal static class ChromeRtpParameters
{
    public const byte OpusPayloadType = 111;
    public const byte Vp8PayloadType = 96;
    public const byte RtxPayloadType = 97;

    // Chrome assigns these ids in the BUNDLE, the same for audio and video.
    public const byte AudioLevelId = 1;
    public const byte AbsSendTimeId = 2;
    public const byte TransportCcId = 3;
    public const byte MidId = 4;
    public const byte PlayoutDelayId = 5;
    public const byte VideoOrientationId = 13;
    public const byte TimeOffsetId = 14;

    public const string AudioMid = "0";
    public const string VideoMid = "1";

    private const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
    private const string AbsSendTimeUri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    private const string TransportCcUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    public static JsonObject Audio(uint ssrc, string cname, string streamId) => new()
    {
        ["mid"] = AudioMid,
        ["codecs"] = new JsonArray(new JsonObject
        {
            ["mimeType"] = "audio/opus",
            ["payloadType"] = OpusPayloadType,
            ["clockRate"] = 48000,
            ["channels"] = 2,
            ["parameters"] = new JsonObject { ["minptime"] = 10, ["useinbandfec"] = 1 },
            ["rtcpFeedback"] = new JsonArray(Feedback("transport-cc", "")),
        }),
        ["headerExtensions"] = new JsonArray(
            Extension(MidUri, MidId),
            Extension(AbsSendTimeUri, AbsSendTimeId),
            Extension(TransportCcUri, TransportCcId),
            Extension("urn:ietf:params:rtp-hdrext:ssrc-audio-level", AudioLevelId)),
        ["encodings"] = new JsonArray(new JsonObject { ["ssrc"] = ssrc }),
        ["rtcp"] = new JsonObject { ["cname"] = cname, ["reducedSize"] = true },
        ["msid"] = streamId + " " + Guid.NewGuid().ToString("D"),
    };

    public static JsonObject Video(uint ssrc, uint rtxSsrc, string cname, string streamId) => new()
    {
        ["mid"] = VideoMid,
        ["codecs"] = new JsonArray(
            new JsonObject
            {
                ["mimeType"] = "video/VP8",
                ["payloadType"] = Vp8PayloadType,
                ["clockRate"] = 90000,
                ["parameters"] = new JsonObject(),
                ["rtcpFeedback"] = new JsonArray(
                    Feedback("goog-remb", ""),
                    Feedback("transport-cc", ""),
                    Feedback("ccm", "fir"),
                    Feedback("nack", ""),
                    Feedback("nack", "pli")),
            },
            new JsonObject
            {
                ["mimeType"] = "video/rtx",
                ["payloadType"] = RtxPayloadType,
                ["clockRate"] = 90000,
                ["parameters"] = new JsonObject { ["apt"] = Vp8PayloadType },
                ["rtcpFeedback"] = new JsonArray(),
            }),
        ["headerExtensions"] = new JsonArray(
            Extension(MidUri, MidId),
            Extension(AbsSendTimeUri, AbsSendTimeId),
            Extension(TransportCcUri, TransportCcId),
            Extension("http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", PlayoutDelayId),
            Extension("urn:3gpp:video-orientation", VideoOrientationId),
            Extension("urn:ietf:params:rtp-hdrext:toffset", TimeOffsetId)),
        ["encodings"] = new JsonArray(new JsonObject
        {
            ["ssrc"] = ssrc,
            ["rtx"] = new JsonObject { ["ssrc"] = rtxSsrc },
        }),
        ["rtcp"] = new JsonObject { ["cname"] = cname, ["reducedSize"] = true },
        ["msid"] = streamId + " " + Guid.NewGuid().ToString("D"),
    };

    private static JsonObject Feedback(string type, string parameter) => new() { ["type"] = type, ["parameter"] = parameter };

    private static JsonObject Extension(string uri, byte id) => new()
    {
        ["uri"] = uri,
        ["id"] = id,
        ["encrypt"] = false,
        ["parameters"] = new JsonObject(),
    };
}
