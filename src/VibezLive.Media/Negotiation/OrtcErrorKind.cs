namespace VibezLive.Media.Negotiation;

/// <summary>The JavaScript error class mediasoup throws for the same condition (apps map them to replies).</summary>
public enum OrtcErrorKind
{
    /// <summary>Malformed input (mediasoup <c>TypeError</c>).</summary>
    TypeError,

    /// <summary>Well-formed but not supported/compatible (mediasoup <c>UnsupportedError</c>).</summary>
    Unsupported,

    /// <summary>Other failure (mediasoup <c>Error</c>), e.g. payload types exhausted.</summary>
    Error,
}
