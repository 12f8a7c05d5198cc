namespace VibezLive.Media.Parameters;

/// <summary>One RTCP feedback mechanism of a codec (SDP <c>a=rtcp-fb</c>, RFC 4585 §4.2), e.g. <c>nack pli</c>.</summary>
public sealed class RtcpFeedback
{
    public RtcpFeedback()
    {
    }

    public RtcpFeedback(string type, string parameter = "")
    {
        Type = type;
        Parameter = parameter;
    }

    /// <summary>"nack", "ccm", "goog-remb", "transport-cc", ...</summary>
    public string Type { get; set; } = "";

    /// <summary>"" when absent (mediasoup always emits the key), "pli", "fir", ...</summary>
    public string Parameter { get; set; } = "";

    public RtcpFeedback Clone() => new(Type, Parameter);

    public override string ToString() => Parameter.Length == 0 ? Type : Type + " " + Parameter;
}
