using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;

namespace VibezLive.Media.Dtls;

/// <summary>Certificate fingerprints as signaled in SDP/ORTC (RFC 8122 §5): hash of the DER certificate, uppercase hex with ':'.</summary>
public static class DtlsFingerprints
{
    /// <summary>Algorithms we compute and verify, in mediasoup's order.</summary>
    public static IReadOnlyList<string> Algorithms { get; } = ["sha-1", "sha-224", "sha-256", "sha-384", "sha-512"];

    /// <summary>Computes the fingerprint of <paramref name="derCertificate"/>; throws for an unknown algorithm.</summary>
    [SuppressMessage("Security", "CA5350:Do not use weak cryptographic algorithms", Justification = "sha-1 fingerprints are part of the WebRTC/mediasoup contract; only used to identify a certificate.")]
    public static string Compute(string algorithm, ReadOnlySpan<byte> derCertificate)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        byte[] hash = algorithm.ToUpperInvariant() switch
        {
            "SHA-1" => SHA1.HashData(derCertificate),
            "SHA-224" => Sha224(derCertificate),   // not in the BCL
            "SHA-256" => SHA256.HashData(derCertificate),
            "SHA-384" => SHA384.HashData(derCertificate),
            "SHA-512" => SHA512.HashData(derCertificate),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unsupported fingerprint algorithm."),
        };
        return Format(hash);
    }

    /// <summary>True when <paramref name="algorithm"/> is one we can verify.</summary>
    public static bool IsSupported(string? algorithm) =>
        algorithm is not null && Algorithms.Contains(algorithm.ToLowerInvariant());

    /// <summary>
    /// True when <paramref name="derCertificate"/> matches at least one of <paramref name="expected"/> (unknown algorithms
    /// are skipped). Comparison ignores case and is constant-time per candidate.
    /// </summary>
    public static bool Matches(ReadOnlySpan<byte> derCertificate, IReadOnlyList<DtlsFingerprint> expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        bool match = false;
        foreach (DtlsFingerprint fingerprint in expected)
        {
            if (fingerprint is null || !IsSupported(fingerprint.Algorithm) || fingerprint.Value is null)
            {
                continue;
            }

            byte[] actual = System.Text.Encoding.ASCII.GetBytes(Compute(fingerprint.Algorithm, derCertificate));
            byte[] wanted = System.Text.Encoding.ASCII.GetBytes(fingerprint.Value.Trim().ToUpperInvariant());
            match |= CryptographicOperations.FixedTimeEquals(actual, wanted);
        }

        return match;
    }

    private static byte[] Sha224(ReadOnlySpan<byte> data)
    {
        var digest = new Sha224Digest();
        digest.BlockUpdate(data);
        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);
        return hash;
    }

    private static string Format(ReadOnlySpan<byte> hash)
    {
        string hex = Convert.ToHexString(hash);
        return string.Create((hash.Length * 3) - 1, hex, static (span, h) =>
        {
            for (int i = 0, j = 0; i < h.Length; i += 2)
            {
                if (i > 0)
                {
                    span[j++] = ':';
                }

                span[j++] = h[i];
                span[j++] = h[i + 1];
            }
        });
    }
}
