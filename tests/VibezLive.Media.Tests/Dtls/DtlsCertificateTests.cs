using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using VibezLive.Media.Dtls;

namespace VibezLive.Media.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void Fingerprints_are_sha1_to_sha512_in_mediasoup_order_uppercase_hex_with_colons()
    {
        using DtlsCertificate certificate = DtlsCertificate.Generate();

        Assert.Equal(["sha-1", "sha-224", "sha-256", "sha-384", "sha-512"], certificate.Fingerprints.Select(f => f.Algorithm));
        Assert.Equal([20, 28, 32, 48, 64], certificate.Fingerprints.Select(f => (f.Value.Length + 1) / 3));
        Assert.All(certificate.Fingerprints, f => Assert.Matches(new Regex("^[0-9A-F]{2}(:[0-9A-F]{2})+$"), f.Value));
    }

    [Fact]
    public void The_certificate_is_a_self_signed_ecdsa_p256_certificate_whose_sha256_fingerprint_matches()
    {
        using DtlsCertificate certificate = DtlsCertificate.Generate();
        using var x509 = X509CertificateLoader.LoadCertificate(certificate.DerEncoded);
        using ECDsa? key = x509.GetECDsaPublicKey();

        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        Assert.Equal(x509.Subject, x509.Issuer);
        Assert.True(x509.NotAfter > DateTime.UtcNow.AddDays(7));
        string expected = string.Join(':', Convert.ToHexString(SHA256.HashData(certificate.DerEncoded)).Chunk(2).Select(c => new string(c)));
        Assert.Equal(expected, certificate.Fingerprints[2].Value);
    }

    [Fact]
    public void Two_generated_certificates_differ()
    {
        using DtlsCertificate a = DtlsCertificate.Generate();
        using DtlsCertificate b = DtlsCertificate.Generate();

        Assert.NotEqual(a.Fingerprints[2].Value, b.Fingerprints[2].Value);
    }

    [Fact]
    public void Matching_accepts_any_listed_algorithm_ignores_case_and_unknown_algorithms()
    {
        using DtlsCertificate certificate = DtlsCertificate.Generate();
        DtlsFingerprint sha384 = certificate.Fingerprints[3];

        Assert.True(DtlsFingerprints.Matches(certificate.DerEncoded, [new("md5", "00"), sha384 with { Value = sha384.Value.ToLowerInvariant() }]));
        Assert.True(DtlsFingerprints.Matches(certificate.DerEncoded, [sha384 with { Algorithm = "SHA-384" }]));
        Assert.False(DtlsFingerprints.Matches(certificate.DerEncoded, [new("sha-256", certificate.Fingerprints[1].Value)]));
        Assert.False(DtlsFingerprints.Matches(certificate.DerEncoded, []));
    }
}
