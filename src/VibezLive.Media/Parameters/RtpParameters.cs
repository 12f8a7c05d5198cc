namespace VibezLive.Media.Parameters;

/// <summary>
/// The RTP parameters of a producer (what the endpoint sends, its own payload types and extension ids) or of a
/// consumer (what the router sends, the router's payload types and extension ids).
/// </summary>
public sealed class RtpParameters
{
    /// <summary>The m-section MID (RFC 8843 §15); consumers get a per-transport decimal counter.</summary>
    public string? Mid { get; set; }

    public List<RtpCodecParameters> Codecs { get; set; } = [];

    public List<RtpHeaderExtensionParameters> HeaderExtensions { get; set; } = [];

    public List<RtpEncodingParameters> Encodings { get; set; } = [];

    public RtcpParameters Rtcp { get; set; } = new();

    /// <summary>"&lt;stream id&gt; &lt;track id&gt;" (RFC 8830), sent by mediasoup-client 3.24+; kept as received.</summary>
    public string? Msid { get; set; }

    public RtpParameters Clone() => new()
    {
        Mid = Mid,
        Codecs = Codecs is null ? [] : Codecs.ConvertAll(static c => c.Clone()),
        HeaderExtensions = HeaderExtensions is null ? [] : HeaderExtensions.ConvertAll(static e => e.Clone()),
        Encodings = Encodings is null ? [] : Encodings.ConvertAll(static e => e.Clone()),
        Rtcp = Rtcp?.Clone() ?? new RtcpParameters(),
        Msid = Msid,
    };
}
