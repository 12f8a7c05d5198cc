namespace VibezLive.Media.Dtls;

/// <summary>State of a <see cref="DtlsTransport"/> (mediasoup's dtlsState).</summary>
public enum DtlsState
{
    New,
    Connecting,
    Connected,
    Failed,
    Closed,
}
