using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;

namespace VibezLive.Media.Dtls;

/// <summary>
/// The local self-signed ECDSA P-256 certificate used for DTLS; one per process/worker is fine. Created with
/// System.Security.Cryptography and converted once to the form BouncyCastle's TLS stack signs with.
/// </summary>
public sealed class DtlsCertificate : IDisposable
{
    private readonly X509Certificate2 _certificate;

    private DtlsCertificate(X509Certificate2 certificate, AsymmetricKeyParameter privateKey)
    {
        _certificate = certificate;
        PrivateKey = privateKey;
        DerEncoded = certificate.RawData;
        Fingerprints =
        [
            new DtlsFingerprint("sha-1", DtlsFingerprints.Compute("sha-1", DerEncoded)),
            new DtlsFingerprint("sha-224", DtlsFingerprints.Compute("sha-224", DerEncoded)),
            new DtlsFingerprint("sha-256", DtlsFingerprints.Compute("sha-256", DerEncoded)),
            new DtlsFingerprint("sha-384", DtlsFingerprints.Compute("sha-384", DerEncoded)),
            new DtlsFingerprint("sha-512", DtlsFingerprints.Compute("sha-512", DerEncoded)),
        ];
    }

    /// <summary>sha-1, sha-224, sha-256, sha-384, sha-512 (mediasoup's order); uppercase hex with ':'.</summary>
    public IReadOnlyList<DtlsFingerprint> Fingerprints { get; }

    /// <summary>The certificate in DER (what fingerprints hash, RFC 8122 §5).</summary>
    internal byte[] DerEncoded { get; }

    /// <summary>The private key in BouncyCastle's form.</summary>
    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>Generates a fresh ECDSA P-256 key and a self-signed certificate valid from yesterday for a year.</summary>
    public static DtlsCertificate Generate()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // A random CN like browsers use; the peer authenticates the certificate by fingerprint only (RFC 8827 §6.5).
        var request = new CertificateRequest($"CN=VibezLive-{RandomNumberGenerator.GetHexString(8, lowercase: true)}", key, HashAlgorithmName.SHA256);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        X509Certificate2 certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(365));
        byte[] pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            return new DtlsCertificate(certificate, PrivateKeyFactory.CreateKey(pkcs8));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    public void Dispose() => _certificate.Dispose();
}
