using Org.BouncyCastle.Tls;
using SrtpProtectionProfile = VibezLive.Protocols.Srtp.SrtpProtectionProfile;

namespace VibezLive.Media.Dtls;

/// <summary>What a BouncyCastle TLS peer (client or server) learned during the handshake, read by <see cref="DtlsTransport"/>.</summary>
internal sealed class DtlsPeerOutcome
{
    public SrtpProtectionProfile? Profile { get; set; }

    public byte[]? KeyingMaterial { get; set; }

    /// <summary>Why we aborted the handshake ourselves (e.g. fingerprint mismatch), for the exception message.</summary>
    public string? FailureReason { get; set; }

    /// <summary>Called when the peer sends close_notify.</summary>
    public Action? CloseNotifyReceived { get; set; }

    /// <summary>Verifies the peer's end-entity certificate against the signaled fingerprints (RFC 8122 §5, RFC 5763 §5).</summary>
    public void VerifyPeerCertificate(Certificate? certificate, IReadOnlyList<DtlsFingerprint> expected)
    {
        if (certificate is null || certificate.IsEmpty)
        {
            FailureReason = "The peer sent no certificate.";
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }

        byte[] der = certificate.GetCertificateAt(0).GetEncoded();
        if (!DtlsFingerprints.Matches(der, expected))
        {
            FailureReason = "The peer's certificate does not match the signaled fingerprint.";
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    public void Export(TlsContext context)
    {
        SrtpProtectionProfile profile = Profile ?? throw new TlsFatalAlert(AlertDescription.internal_error);
        KeyingMaterial = context.ExportKeyingMaterial(DtlsSrtpProfiles.ExporterLabel, null, DtlsSrtpProfiles.MaterialLength(profile));
    }
}
