namespace VibezLive.Protocols.Srtp;

/// <summary>SRTP protection profiles negotiated by DTLS-SRTP (RFC 5764 §4.1.2, RFC 7714 §14.2). Values are the wire ids.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1707", Justification = "Names pinned by the cross-helper API; they mirror the RFC profile names.")]
public enum SrtpProtectionProfile : ushort
{
    AesCm128HmacSha1_80 = 0x0001,
    AesCm128HmacSha1_32 = 0x0002,
    AeadAes128Gcm = 0x0007,
    AeadAes256Gcm = 0x0008,
}
