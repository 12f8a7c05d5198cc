namespace VibezLive.Media.Dtls;

/// <summary>The local self-signed ECDSA P-256 certificate used for DTLS; one per process/worker is fine.</summary>
public sealed class DtlsCertificate : IDisposable
{
    private DtlsCertificate(IReadOnlyList<DtlsFingerprint> fingerprints) => Fingerprints = fingerprints;

    /// <summary>sha-1, sha-224, sha-256, sha-384, sha-512 (mediasoup's order).</summary>
    public IReadOnlyList<DtlsFingerprint> Fingerprints { get; }

    public static DtlsCertificate Generate() => new([]);

    public void Dispose()
    {
    }
}
