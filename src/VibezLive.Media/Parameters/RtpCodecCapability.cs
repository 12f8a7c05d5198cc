namespace VibezLive.Media.Parameters;

/// <summary>
/// A codec the router (or an endpoint) can receive/send. In router capabilities <see cref="PreferredPayloadType"/> is
/// the payload type the router uses towards consumers; <see cref="Channels"/> exists only for audio.
/// </summary>
public sealed class RtpCodecCapability
{
    public MediaKind Kind { get; set; }

    /// <summary>"audio/opus", "video/VP8", "video/rtx", ... (router capabilities use the canonical casing).</summary>
    public string MimeType { get; set; } = "";

    public int? PreferredPayloadType { get; set; }

    public int ClockRate { get; set; }

    /// <summary>Audio only (omitted from JSON for video).</summary>
    public int? Channels { get; set; }

    public Dictionary<string, CodecParameterValue> Parameters { get; set; } = new(StringComparer.Ordinal);

    public List<RtcpFeedback> RtcpFeedback { get; set; } = [];

    public RtpCodecCapability Clone() => new()
    {
        Kind = Kind,
        MimeType = MimeType,
        PreferredPayloadType = PreferredPayloadType,
        ClockRate = ClockRate,
        Channels = Channels,
        Parameters = Parameters is null ? new(StringComparer.Ordinal) : new(Parameters, StringComparer.Ordinal),
        RtcpFeedback = RtcpFeedback is null ? [] : RtcpFeedback.ConvertAll(static fb => fb.Clone()),
    };

    public override string ToString() => $"{MimeType}/{ClockRate} pt={PreferredPayloadType}";
}
