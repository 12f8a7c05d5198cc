namespace VibezLive.Media.Dtls;

/// <summary>DTLS role of the local side (mediasoup's "auto" | "client" | "server").</summary>
public enum DtlsRole
{
    Auto,
    Client,
    Server,
}
