namespace VibezLive.Media.Parameters;

/// <summary>A header extension in use by a producer or consumer, with its negotiated id (RFC 8285 §5).</summary>
public sealed class RtpHeaderExtensionParameters
{
    public string Uri { get; set; } = "";

    public int Id { get; set; }

    public bool Encrypt { get; set; }

    public Dictionary<string, CodecParameterValue> Parameters { get; set; } = new(StringComparer.Ordinal);

    public RtpHeaderExtensionParameters Clone() => new()
    {
        Uri = Uri,
        Id = Id,
        Encrypt = Encrypt,
        Parameters = Parameters is null ? new(StringComparer.Ordinal) : new(Parameters, StringComparer.Ordinal),
    };

    public override string ToString() => $"{Id} {Uri}";
}
