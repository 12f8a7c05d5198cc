namespace VibezLive.Media.Dtls;

/// <summary>The DTLS handshake failed, timed out, or the peer's certificate did not match the signaled fingerprints.</summary>
public sealed class DtlsHandshakeException : Exception
{
    public DtlsHandshakeException()
    {
    }

    public DtlsHandshakeException(string message)
        : base(message)
    {
    }

    public DtlsHandshakeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
