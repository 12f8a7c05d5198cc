using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using SrtpProtectionProfile = VibezLive.Protocols.Srtp.SrtpProtectionProfile;

namespace VibezLive.Media.Dtls;

/// <summary>BouncyCastle DTLS 1.2 client with use_srtp (RFC 5764): offers our profiles and checks the server's fingerprint.</summary>
internal sealed class DtlsSrtpClient : DefaultTlsClient
{
    private readonly DtlsCertificate _certificate;
    private readonly IReadOnlyList<DtlsFingerprint> _remoteFingerprints;
    private readonly int _handshakeTimeoutMillis;

    public DtlsSrtpClient(BcTlsCrypto crypto, DtlsCertificate certificate, IReadOnlyList<DtlsFingerprint> remoteFingerprints,
        int handshakeTimeoutMillis, DtlsPeerOutcome outcome)
        : base(crypto)
    {
        _certificate = certificate;
        _remoteFingerprints = remoteFingerprints;
        _handshakeTimeoutMillis = handshakeTimeoutMillis;
        Outcome = outcome;
    }

    public DtlsPeerOutcome Outcome { get; }

    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto,
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
    ]);

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(DtlsSrtpProfiles.Preference, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);

        // RFC 5764 §4.1.1: the server answers with exactly one of the profiles we offered.
        UseSrtpData? chosen = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (chosen is null || chosen.ProtectionProfiles.Length != 1 || Array.IndexOf(DtlsSrtpProfiles.Preference, chosen.ProtectionProfiles[0]) < 0)
        {
            Outcome.FailureReason = "The server did not select one of our SRTP protection profiles (use_srtp).";
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        }

        Outcome.Profile = (SrtpProtectionProfile)chosen.ProtectionProfiles[0];
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Outcome.Export(m_context);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        if (alertDescription == AlertDescription.close_notify)
        {
            Outcome.CloseNotifyReceived?.Invoke();
        }
    }

    private TlsCredentialedSigner CreateSigner() => DtlsSigner.Create(m_context, (BcTlsCrypto)Crypto, _certificate);

    private sealed class Authentication(DtlsSrtpClient owner) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            owner.Outcome.VerifyPeerCertificate(serverCertificate?.Certificate, owner._remoteFingerprints);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) => owner.CreateSigner();
    }
}
