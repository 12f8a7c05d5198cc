namespace VibezLive.Media.Parameters;

/// <summary>The header extension URIs the router knows (RFC 8285 §5 "extmap" URIs).</summary>
public static class RtpHeaderExtensionUri
{
    /// <summary>RFC 8843 §15.</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>RFC 8852 §3.3.</summary>
    public const string RtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>RFC 8852 §3.4.</summary>
    public const string RepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>Absolute send time (libwebrtc, used by REMB).</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01).</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>AV1 RTP specification, dependency descriptor.</summary>
    public const string DependencyDescriptor = "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";

    /// <summary>RFC 6464.</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>3GPP TS 26.114 coordination of video orientation.</summary>
    public const string VideoOrientation = "urn:3gpp:video-orientation";

    /// <summary>RFC 5450.</summary>
    public const string TimeOffset = "urn:ietf:params:rtp-hdrext:toffset";

    /// <summary>Absolute capture time (libwebrtc).</summary>
    public const string AbsCaptureTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";

    /// <summary>Playout delay (libwebrtc).</summary>
    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";
}
