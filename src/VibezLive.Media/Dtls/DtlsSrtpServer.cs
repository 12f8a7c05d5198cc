using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using SrtpProtectionProfile = VibezLive.Protocols.Srtp.SrtpProtectionProfile;

namespace VibezLive.Media.Dtls;

/// <summary>BouncyCastle DTLS 1.2 server with use_srtp (RFC 5764): requires a client certificate and checks its fingerprint.</summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    private readonly DtlsCertificate _certificate;
    private readonly IReadOnlyList<DtlsFingerprint> _remoteFingerprints;
    private readonly int _handshakeTimeoutMillis;
    private int _selectedProfile = -1;

    public DtlsSrtpServer(BcTlsCrypto crypto, DtlsCertificate certificate, IReadOnlyList<DtlsFingerprint> remoteFingerprints,
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

    // Our certificate is ECDSA, so only ECDHE_ECDSA suites can be served.
    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto,
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    ]);

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        UseSrtpData? offered = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        _selectedProfile = DtlsSrtpProfiles.Select(offered?.ProtectionProfiles);
        if (_selectedProfile < 0)
        {
            Outcome.FailureReason = "The peer offered no SRTP protection profile we support (use_srtp).";
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }

        Outcome.Profile = (SrtpProtectionProfile)_selectedProfile;
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([_selectedProfile], TlsUtilities.EmptyBytes));
        return extensions;
    }

    // WebRTC authenticates both ends by certificate fingerprint (RFC 5763 §5), so the client must present one.
    public override CertificateRequest GetCertificateRequest() => new(
        [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
        TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context),
        null);

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        Outcome.VerifyPeerCertificate(clientCertificate, _remoteFingerprints);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => DtlsSigner.Create(m_context, (BcTlsCrypto)Crypto, _certificate);

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
}
