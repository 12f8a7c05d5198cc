namespace VibezLive.Media.Negotiation;

/// <summary>A negotiation failure; <see cref="Exception.Message"/> is mediasoup's text for the same condition.</summary>
public sealed class OrtcException : Exception
{
    public OrtcException()
    {
    }

    public OrtcException(string message)
        : base(message)
    {
    }

    public OrtcException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OrtcException(OrtcErrorKind kind, string message)
        : base(message) => Kind = kind;

    public OrtcErrorKind Kind { get; } = OrtcErrorKind.TypeError;

    internal static OrtcException Type(string message) => new(OrtcErrorKind.TypeError, message);

    internal static OrtcException Unsupported(string message) => new(OrtcErrorKind.Unsupported, message);

    internal static OrtcException Other(string message) => new(OrtcErrorKind.Error, message);
}
