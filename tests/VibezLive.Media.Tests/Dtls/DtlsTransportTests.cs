using Microsoft.Extensions.Logging.Abstractions;
using VibezLive.Media.Dtls;
using VibezLive.Protocols.Srtp;

namespace VibezLive.Media.Tests.Dtls;

public sealed class DtlsTransportTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Our_client_and_server_agree_on_gcm_and_mirrored_keys()
    {
        using var pair = new DtlsPair();
        Assert.Equal(DtlsState.New, pair.Server.State);

        Task<SrtpKeys> server = pair.Server.HandshakeAsync(CancellationToken.None);
        Task<SrtpKeys> client = pair.Client.HandshakeAsync(CancellationToken.None);
        SrtpKeys serverKeys = await server.WaitAsync(Wait);
        SrtpKeys clientKeys = await client.WaitAsync(Wait);

        Assert.Equal(SrtpProtectionProfile.AeadAes256Gcm, serverKeys.Profile);
        Assert.Equal(serverKeys.Profile, clientKeys.Profile);
        Assert.Equal(32, serverKeys.LocalMasterKey.Length);
        Assert.Equal(12, serverKeys.LocalMasterSalt.Length);
        Assert.Equal(serverKeys.LocalMasterKey, clientKeys.RemoteMasterKey);
        Assert.Equal(serverKeys.LocalMasterSalt, clientKeys.RemoteMasterSalt);
        Assert.Equal(serverKeys.RemoteMasterKey, clientKeys.LocalMasterKey);
        Assert.Equal(serverKeys.RemoteMasterSalt, clientKeys.LocalMasterSalt);
        Assert.NotEqual(serverKeys.LocalMasterKey, serverKeys.RemoteMasterKey);
        Assert.Equal(DtlsState.Connected, pair.Server.State);
        Assert.Equal(DtlsState.Connected, pair.Client.State);
    }

    [Fact]
    public async Task The_exported_keys_protect_srtp_that_the_other_side_unprotects()
    {
        using var pair = new DtlsPair();
        Task<SrtpKeys> server = pair.Server.HandshakeAsync(CancellationToken.None);
        SrtpKeys clientKeys = await pair.Client.HandshakeAsync(CancellationToken.None).WaitAsync(Wait);
        SrtpKeys serverKeys = await server.WaitAsync(Wait);

        using var clientOut = new SrtpSession(clientKeys.Profile, clientKeys.LocalMasterKey, clientKeys.LocalMasterSalt);
        using var serverIn = new SrtpSession(serverKeys.Profile, serverKeys.RemoteMasterKey, serverKeys.RemoteMasterSalt);
        var packet = new byte[12 + 100 + SrtpSession.MaxOverhead];
        packet[0] = 0x80;
        packet[11] = 5;
        Assert.Equal(SrtpError.None, clientOut.ProtectRtp(packet, 112, out int length));
        Assert.Equal(SrtpError.None, serverIn.UnprotectRtp(packet, length, out int plain));
        Assert.Equal(112, plain);
    }

    [Fact]
    public async Task A_fingerprint_mismatch_fails_the_handshake_on_both_sides()
    {
        using DtlsCertificate stranger = DtlsCertificate.Generate();
        using var pair = new DtlsPair(serverExpects: stranger.Fingerprints);

        Task<SrtpKeys> server = pair.Server.HandshakeAsync(CancellationToken.None);
        Task<SrtpKeys> client = pair.Client.HandshakeAsync(CancellationToken.None);

        DtlsHandshakeException error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(Wait));
        Assert.Contains("fingerprint", error.Message, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(Wait));
        Assert.Equal(DtlsState.Failed, pair.Server.State);
        Assert.Equal(DtlsState.Failed, pair.Client.State);
    }

    [Fact]
    public async Task The_client_rejects_a_server_whose_certificate_does_not_match()
    {
        using DtlsCertificate stranger = DtlsCertificate.Generate();
        using var pair = new DtlsPair(clientExpects: stranger.Fingerprints);

        Task<SrtpKeys> server = pair.Server.HandshakeAsync(CancellationToken.None);
        DtlsHandshakeException error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => pair.Client.HandshakeAsync(CancellationToken.None).WaitAsync(Wait));

        Assert.Contains("fingerprint", error.Message, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(Wait));
    }

    [Fact]
    public async Task A_silent_peer_times_out_with_a_handshake_exception()
    {
        using var pair = new DtlsPair(timeout: TimeSpan.FromMilliseconds(700), clientToServerFilter: _ => false);

        Task<SrtpKeys> client = pair.Client.HandshakeAsync(CancellationToken.None);
        Task<SrtpKeys> server = pair.Server.HandshakeAsync(CancellationToken.None);

        DtlsHandshakeException error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(Wait));
        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(Wait));
        Assert.Equal(DtlsState.Failed, pair.Client.State);
    }

    [Fact]
    public async Task Handshake_completes_when_the_first_client_flight_is_lost()
    {
        int dropped = 0;
        using var pair = new DtlsPair(clientToServerFilter: _ => Interlocked.Increment(ref dropped) > 1);

        Task<SrtpKeys> server = pair.Server.HandshakeAsync(CancellationToken.None);
        Task<SrtpKeys> client = pair.Client.HandshakeAsync(CancellationToken.None);

        Assert.Equal((await server.WaitAsync(Wait)).LocalMasterKey, (await client.WaitAsync(Wait)).RemoteMasterKey);
    }

    [Fact]
    public async Task Close_sends_close_notify_and_the_peer_raises_Closed()
    {
        using var pair = new DtlsPair();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Server.Closed += () => closed.TrySetResult();
        Task<SrtpKeys> server = pair.Server.HandshakeAsync(CancellationToken.None);
        await pair.Client.HandshakeAsync(CancellationToken.None).WaitAsync(Wait);
        await server.WaitAsync(Wait);

        pair.Client.Close();
        pair.Client.Close(); // idempotent

        await closed.Task.WaitAsync(Wait);
        Assert.Equal(DtlsState.Closed, pair.Server.State);
        Assert.Equal(DtlsState.Closed, pair.Client.State);
    }

    [Fact]
    public async Task Close_during_the_handshake_aborts_it_promptly()
    {
        using var pair = new DtlsPair(timeout: TimeSpan.FromSeconds(30));
        Task<SrtpKeys> server = pair.Server.HandshakeAsync(CancellationToken.None); // no client: waits for a ClientHello

        await Task.Delay(100);
        pair.Server.Close();

        await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(DtlsState.Closed, pair.Server.State);
    }

    [Fact]
    public async Task Caller_cancellation_surfaces_as_OperationCanceledException()
    {
        using var pair = new DtlsPair(timeout: TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pair.Server.HandshakeAsync(cts.Token).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(DtlsState.Failed, pair.Server.State);
    }

    [Fact]
    public async Task Garbage_datagrams_do_not_crash_or_hang_the_server()
    {
        using var pair = new DtlsPair(timeout: TimeSpan.FromMilliseconds(800));
        Task<SrtpKeys> server = pair.Server.HandshakeAsync(CancellationToken.None);
        var random = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            var junk = new byte[random.Next(1, 300)];
            random.NextBytes(junk);
            junk[0] = (byte)random.Next(20, 64); // looks like a DTLS record type
            pair.Server.OnDatagramReceived(junk);
        }

        await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(Wait));
    }

    [Fact]
    public void The_role_must_be_resolved_and_the_handshake_started_once()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtlsTransport(DtlsPair.ServerCertificate, DtlsRole.Auto, [], _ => { }, NullLogger.Instance, TimeSpan.FromSeconds(1)));
        using var transport = new DtlsTransport(DtlsPair.ServerCertificate, DtlsRole.Server, [], _ => { }, NullLogger.Instance, TimeSpan.FromMilliseconds(200));
        _ = transport.HandshakeAsync(CancellationToken.None);
        InvalidOperationException? error = null;
        try
        {
            _ = transport.HandshakeAsync(CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            error = e;
        }

        Assert.NotNull(error);
    }

    [Fact]
    public async Task Many_handshakes_at_once_all_complete()
    {
        var pairs = Enumerable.Range(0, 8).Select(_ => new DtlsPair()).ToArray();
        try
        {
            Task<SrtpKeys>[] all = pairs.SelectMany(p => new[] { p.Server.HandshakeAsync(CancellationToken.None), p.Client.HandshakeAsync(CancellationToken.None) }).ToArray();
            SrtpKeys[] keys = await Task.WhenAll(all).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(16, keys.Length);
        }
        finally
        {
            foreach (DtlsPair p in pairs)
            {
                p.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_client_hello_that_arrives_before_the_server_starts_is_kept()
    {
        using var pair = new DtlsPair();
        Task<SrtpKeys> client = pair.Client.HandshakeAsync(CancellationToken.None);
        await Task.Delay(300); // the ClientHello is queued by the server transport meanwhile

        Task<SrtpKeys> server = pair.Server.HandshakeAsync(CancellationToken.None);

        Assert.Equal((await server.WaitAsync(Wait)).RemoteMasterKey, (await client.WaitAsync(Wait)).LocalMasterKey);
    }

    [Fact]
    public async Task Datagrams_after_close_are_ignored_and_state_stays_closed()
    {
        using var pair = new DtlsPair();
        Task<SrtpKeys> server = pair.Server.HandshakeAsync(CancellationToken.None);
        await pair.Client.HandshakeAsync(CancellationToken.None).WaitAsync(Wait);
        await server.WaitAsync(Wait);

        pair.Server.Close();
        pair.Server.OnDatagramReceived(new byte[] { 23, 254, 253, 0, 1, 0, 0, 0, 0, 0, 9, 0, 1, 0 });

        Assert.Equal(DtlsState.Closed, pair.Server.State);
    }
}
