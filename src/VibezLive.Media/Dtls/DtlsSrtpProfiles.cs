using VibezLive.Protocols.Srtp;

namespace VibezLive.Media.Dtls;

/// <summary>use_srtp profile negotiation (RFC 5764 §4.1.2, RFC 7714 §14.2) and keying material split (RFC 5764 §4.2).</summary>
internal static class DtlsSrtpProfiles
{
    /// <summary>Our preference: GCM first, then AES-CM with the 80-bit tag, then the 32-bit tag.</summary>
    public static readonly int[] Preference =
    [
        (int)SrtpProtectionProfile.AeadAes256Gcm,
        (int)SrtpProtectionProfile.AeadAes128Gcm,
        (int)SrtpProtectionProfile.AesCm128HmacSha1_80,
        (int)SrtpProtectionProfile.AesCm128HmacSha1_32,
    ];

    /// <summary>RFC 5764 §4.2: "EXTRACTOR-dtls_srtp".</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    /// <summary>Our most preferred profile among <paramref name="offered"/>, or -1.</summary>
    public static int Select(IReadOnlyList<int>? offered)
    {
        if (offered is null)
        {
            return -1;
        }

        foreach (int candidate in Preference)
        {
            if (offered.Contains(candidate))
            {
                return candidate;
            }
        }

        return -1;
    }

    public static int MaterialLength(SrtpProtectionProfile profile) =>
        2 * (SrtpProfiles.KeyLength(profile) + SrtpProfiles.SaltLength(profile));

    /// <summary>
    /// RFC 5764 §4.2: client_write_SRTP_master_key | server_write_SRTP_master_key | client_write_SRTP_master_salt |
    /// server_write_SRTP_master_salt.
    /// </summary>
    public static SrtpKeys Split(SrtpProtectionProfile profile, ReadOnlySpan<byte> material, bool isServer)
    {
        int k = SrtpProfiles.KeyLength(profile);
        int s = SrtpProfiles.SaltLength(profile);
        byte[] clientKey = material[..k].ToArray();
        byte[] serverKey = material.Slice(k, k).ToArray();
        byte[] clientSalt = material.Slice(2 * k, s).ToArray();
        byte[] serverSalt = material.Slice((2 * k) + s, s).ToArray();
        return isServer
            ? new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt)
            : new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt);
    }
}
