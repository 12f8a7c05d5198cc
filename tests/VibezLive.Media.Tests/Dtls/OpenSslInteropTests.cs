using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using VibezLive.Media.Dtls;
using VibezLive.Protocols.Srtp;

namespace VibezLive.Media.Tests.Dtls;

/// <summary>
/// Interop with a DTLS implementation nobody here wrote: Debian's openssl s_client / s_server over UDP on 127.0.0.1.
/// Both sides must export the same "EXTRACTOR-dtls_srtp" keying material (RFC 5764 §4.2).
/// </summary>
public sealed class OpenSslInteropTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly string _dir = Directory.CreateTempSubdirectory("vibez-dtls-").FullName;
    private readonly DtlsFingerprint _peerFingerprint;

    public OpenSslInteropTests()
    {
        OpenSslProcess.Run(_dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-keyout", "key.pem",
            "-out", "cert.pem", "-days", "2", "-nodes", "-subj", "/CN=openssl-peer");
        using X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_dir, "cert.pem")));
        _peerFingerprint = new DtlsFingerprint("sha-256", DtlsFingerprints.Compute("sha-256", certificate.RawData));
    }

    [Fact]
    public void Our_fingerprint_format_matches_openssl()
    {
        string output = OpenSslProcess.Run(_dir, "x509", "-in", "cert.pem", "-noout", "-fingerprint", "-sha256");

        Assert.Equal(_peerFingerprint.Value, output.Trim().Split('=')[1]);
    }

    [Theory]
    [InlineData("SRTP_AES128_CM_SHA1_80", SrtpProtectionProfile.AesCm128HmacSha1_80)]
    [InlineData("SRTP_AES128_CM_SHA1_32", SrtpProtectionProfile.AesCm128HmacSha1_32)]
    [InlineData("SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_128_GCM", SrtpProtectionProfile.AeadAes128Gcm)] // GCM preferred when offered
    [InlineData("SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_256_GCM:SRTP_AEAD_AES_128_GCM", SrtpProtectionProfile.AeadAes256Gcm)]
    public async Task Our_server_with_openssl_s_client_exports_the_same_keys(string offered, SrtpProtectionProfile expected)
    {
        using var udp = new UdpDtlsEndpoint();
        using var server = new DtlsTransport(DtlsPair.ServerCertificate, DtlsRole.Server, [_peerFingerprint], udp.Send, NullLogger.Instance, Wait);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Closed += () => closed.TrySetResult();
        udp.Start(server);
        Task<SrtpKeys> handshake = server.HandshakeAsync(CancellationToken.None);
        int length = DtlsSrtpProfiles.MaterialLength(expected);

        using OpenSslProcess client = OpenSslProcess.Start(_dir, "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{udp.Port}",
            "-cert", "cert.pem", "-key", "key.pem", "-use_srtp", offered,
            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", length.ToString());

        SrtpKeys keys = await handshake.WaitAsync(Wait);
        string material = await client.WaitForLineAsync("Keying material:", Wait);

        Assert.Equal(expected, keys.Profile);
        Assert.Equal(material, Convert.ToHexString(Material(keys, isServer: true)));
        Assert.Contains("SRTP Extension negotiated, profile=", client.Output, StringComparison.Ordinal);

        // EOF on s_client's stdin makes it send close_notify.
        client.CloseInput();
        await closed.Task.WaitAsync(Wait);
        Assert.Equal(DtlsState.Closed, server.State);
    }

    [Theory]
    [InlineData("SRTP_AES128_CM_SHA1_80", SrtpProtectionProfile.AesCm128HmacSha1_80)]
    [InlineData("SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80", SrtpProtectionProfile.AeadAes128Gcm)]
    public async Task Our_client_with_openssl_s_server_exports_the_same_keys(string serverProfiles, SrtpProtectionProfile expected)
    {
        int port = FreeUdpPort();
        int length = DtlsSrtpProfiles.MaterialLength(expected);
        using OpenSslProcess server = OpenSslProcess.Start(_dir, "s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}",
            "-cert", "cert.pem", "-key", "key.pem", "-verify", "1", "-use_srtp", serverProfiles,
            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", length.ToString());
        await server.WaitForLineAsync("ACCEPT", Wait);

        using var udp = new UdpDtlsEndpoint(new IPEndPoint(IPAddress.Loopback, port));
        using var client = new DtlsTransport(DtlsPair.ClientCertificate, DtlsRole.Client, [_peerFingerprint], udp.Send, NullLogger.Instance, Wait);
        udp.Start(client);

        SrtpKeys keys = await client.HandshakeAsync(CancellationToken.None).WaitAsync(Wait);
        string material = await server.WaitForLineAsync("Keying material:", Wait);

        Assert.Equal(expected, keys.Profile);
        Assert.Equal(material, Convert.ToHexString(Material(keys, isServer: false)));
        client.Close();
        Assert.Equal(DtlsState.Closed, client.State);
    }

    [Fact]
    public async Task Our_server_rejects_openssl_presenting_an_unexpected_certificate()
    {
        using DtlsCertificate other = DtlsCertificate.Generate();
        using var udp = new UdpDtlsEndpoint();
        using var server = new DtlsTransport(DtlsPair.ServerCertificate, DtlsRole.Server, other.Fingerprints, udp.Send, NullLogger.Instance, Wait);
        udp.Start(server);
        Task<SrtpKeys> handshake = server.HandshakeAsync(CancellationToken.None);

        using OpenSslProcess client = OpenSslProcess.Start(_dir, "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{udp.Port}",
            "-cert", "cert.pem", "-key", "key.pem", "-use_srtp", "SRTP_AES128_CM_SHA1_80");

        DtlsHandshakeException error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(Wait));
        Assert.Contains("fingerprint", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(DtlsState.Failed, server.State);
    }

    [Fact]
    public async Task Our_server_fails_the_handshake_when_openssl_offers_no_srtp_profile()
    {
        using var udp = new UdpDtlsEndpoint();
        using var server = new DtlsTransport(DtlsPair.ServerCertificate, DtlsRole.Server, [_peerFingerprint], udp.Send, NullLogger.Instance, Wait);
        udp.Start(server);
        Task<SrtpKeys> handshake = server.HandshakeAsync(CancellationToken.None);

        using OpenSslProcess client = OpenSslProcess.Start(_dir, "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{udp.Port}",
            "-cert", "cert.pem", "-key", "key.pem");

        DtlsHandshakeException error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(Wait));
        Assert.Contains("use_srtp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_client_rejects_an_openssl_server_with_an_unexpected_certificate()
    {
        int port = FreeUdpPort();
        using OpenSslProcess server = OpenSslProcess.Start(_dir, "s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}",
            "-cert", "cert.pem", "-key", "key.pem", "-use_srtp", "SRTP_AES128_CM_SHA1_80");
        await server.WaitForLineAsync("ACCEPT", Wait);
        using var udp = new UdpDtlsEndpoint(new IPEndPoint(IPAddress.Loopback, port));
        using var client = new DtlsTransport(DtlsPair.ClientCertificate, DtlsRole.Client, DtlsPair.ServerCertificate.Fingerprints, udp.Send,
            NullLogger.Instance, Wait);
        udp.Start(client);

        DtlsHandshakeException error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.HandshakeAsync(CancellationToken.None).WaitAsync(Wait));

        Assert.Contains("fingerprint", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Reassembles RFC 5764 §4.2 order: client key | server key | client salt | server salt.</summary>
    private static byte[] Material(SrtpKeys keys, bool isServer)
    {
        (byte[] ck, byte[] cs, byte[] sk, byte[] ss) = isServer
            ? (keys.RemoteMasterKey, keys.RemoteMasterSalt, keys.LocalMasterKey, keys.LocalMasterSalt)
            : (keys.LocalMasterKey, keys.LocalMasterSalt, keys.RemoteMasterKey, keys.RemoteMasterSalt);
        return [.. ck, .. sk, .. cs, .. ss];
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
