namespace VibezLive.Media.Parameters;

/// <summary>A codec actually used by a producer or consumer, with its negotiated payload type.</summary>
public sealed class RtpCodecParameters
{
    public string MimeType { get; set; } = "";

    public int PayloadType { get; set; }

    public int ClockRate { get; set; }

    /// <summary>Audio only (omitted from JSON for video).</summary>
    public int? Channels { get; set; }

    public Dictionary<string, CodecParameterValue> Parameters { get; set; } = new(StringComparer.Ordinal);

    public List<RtcpFeedback> RtcpFeedback { get; set; } = [];

    public RtpCodecParameters Clone() => new()
    {
        MimeType = MimeType,
        PayloadType = PayloadType,
        ClockRate = ClockRate,
        Channels = Channels,
        Parameters = Parameters is null ? new(StringComparer.Ordinal) : new(Parameters, StringComparer.Ordinal),
        RtcpFeedback = RtcpFeedback is null ? [] : RtcpFeedback.ConvertAll(static fb => fb.Clone()),
    };

    public override string ToString() => $"{MimeType}/{ClockRate} pt={PayloadType}";
}
