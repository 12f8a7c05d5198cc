using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace VibezLive.Media.Dtls;

/// <summary>
/// Our certificate as BouncyCastle signing credentials, shared by <see cref="DtlsSrtpClient"/> and
/// <see cref="DtlsSrtpServer"/> (they derive from different BouncyCastle bases, so they cannot share a base class).
/// ECDSA P-256 with SHA-256, the only key we generate.
/// </summary>
internal static class DtlsSigner
{
    public static TlsCredentialedSigner Create(TlsContext context, BcTlsCrypto crypto, DtlsCertificate certificate) =>
        new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(context),
            crypto,
            certificate.PrivateKey,
            new Certificate([crypto.CreateCertificate(certificate.DerEncoded)]),
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
}
