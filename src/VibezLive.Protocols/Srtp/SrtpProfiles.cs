namespace VibezLive.Protocols.Srtp;

/// <summary>Key sizes and per-packet overheads of each profile (RFC 5764 §4.1.2, RFC 7714 §14.2).</summary>
public static class SrtpProfiles
{
    /// <summary>Master key length in bytes.</summary>
    public static int KeyLength(SrtpProtectionProfile p) => p switch
    {
        SrtpProtectionProfile.AesCm128HmacSha1_80 or SrtpProtectionProfile.AesCm128HmacSha1_32 or SrtpProtectionProfile.AeadAes128Gcm => 16,
        SrtpProtectionProfile.AeadAes256Gcm => 32,
        _ => throw Unknown(p),
    };

    /// <summary>Master salt length in bytes (112 bits for AES-CM, 96 bits for GCM).</summary>
    public static int SaltLength(SrtpProtectionProfile p) => p switch
    {
        SrtpProtectionProfile.AesCm128HmacSha1_80 or SrtpProtectionProfile.AesCm128HmacSha1_32 => 14,
        SrtpProtectionProfile.AeadAes128Gcm or SrtpProtectionProfile.AeadAes256Gcm => 12,
        _ => throw Unknown(p),
    };

    /// <summary>Bytes appended to an RTP packet: the authentication tag.</summary>
    public static int RtpOverhead(SrtpProtectionProfile p) => p switch
    {
        SrtpProtectionProfile.AesCm128HmacSha1_80 => 10,
        SrtpProtectionProfile.AesCm128HmacSha1_32 => 4,
        SrtpProtectionProfile.AeadAes128Gcm or SrtpProtectionProfile.AeadAes256Gcm => 16,
        _ => throw Unknown(p),
    };

    /// <summary>Bytes appended to an RTCP packet: E-bit + SRTCP index (4) and the tag (SRTCP always uses 80 bits with AES-CM).</summary>
    public static int RtcpOverhead(SrtpProtectionProfile p) => p switch
    {
        SrtpProtectionProfile.AesCm128HmacSha1_80 or SrtpProtectionProfile.AesCm128HmacSha1_32 => 4 + 10,
        SrtpProtectionProfile.AeadAes128Gcm or SrtpProtectionProfile.AeadAes256Gcm => 4 + 16,
        _ => throw Unknown(p),
    };

    /// <summary>True when the profile is known to this implementation.</summary>
    public static bool IsSupported(SrtpProtectionProfile p) =>
        p is SrtpProtectionProfile.AesCm128HmacSha1_80 or SrtpProtectionProfile.AesCm128HmacSha1_32
            or SrtpProtectionProfile.AeadAes128Gcm or SrtpProtectionProfile.AeadAes256Gcm;

    internal static bool IsAead(SrtpProtectionProfile p) =>
        p is SrtpProtectionProfile.AeadAes128Gcm or SrtpProtectionProfile.AeadAes256Gcm;

    private static ArgumentOutOfRangeException Unknown(SrtpProtectionProfile p) =>
        new(nameof(p), p, "Unknown SRTP protection profile.");
}
