using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using VibezLive.Media.Tests.Engine;
using VibezLive.Protocols.Stun;

namespace VibezLive.Media.Tests.Ice;

/// <summary>ICE-lite behaviour over the worker's real UDP port (RFC 8445 §7.3, RFC 8489, RFC 7675).</summary>
public sealed class IceServerTests
{
    internal static byte[] BindingRequest(string username, string password, bool useCandidate = true, bool controlled = false, bool fingerprint = true)
    {
        var buffer = new byte[512];
        var transactionId = new byte[12];
        Random.Shared.NextBytes(transactionId);
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, transactionId);
        writer.AddUsername(Encoding.ASCII.GetBytes(username));
        writer.AddPriority(0x6E7F1EFF);
        if (controlled)
        {
            writer.AddIceControlled(42);
        }
        else
        {
            writer.AddIceControlling(42);
        }

        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(Encoding.ASCII.GetBytes(password));
        if (fingerprint)
        {
            writer.AddFingerprint();
        }

        return buffer[..writer.Length];
    }

    internal static byte[] Exchange(Socket client, IPEndPoint server, byte[] request)
    {
        client.SendTo(request, server);
        var buffer = new byte[1500];
        var n = client.Receive(buffer);
        return buffer[..n];
    }

    internal static Socket Client()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 3000 };
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return s;
    }

    [Fact]
    public async Task A_valid_request_gets_an_authenticated_success_with_the_mapped_address_and_nominates_the_tuple()
    {
        await using var engine = await EngineHarness.StartAsync();
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        var states = new ConcurrentQueue<IceState>();
        transport.IceStateChanged += states.Enqueue;
        using var client = Client();
        var ice = transport.IceParameters;

        var response = Exchange(client, engine.Worker.LocalEndPoint!, BindingRequest($"{ice.UsernameFragment}:abcd", ice.Password));

        Assert.True(StunMessage.TryParse(response, out var message));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(message.VerifyMessageIntegrity(Encoding.ASCII.GetBytes(ice.Password)));
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(client.LocalEndPoint, mapped);
        Assert.Equal(IceState.Completed, transport.IceState);
        Assert.Equal([IceState.Completed], states.ToArray());
    }

    [Theory]
    [InlineData("wrong-password", false, true, 401)]
    [InlineData(null, true, true, 487)]
    [InlineData(null, false, false, 400)]
    public async Task Bad_requests_get_the_error_codes_of_RFC_8445(string? password, bool controlled, bool fingerprint, int code)
    {
        await using var engine = await EngineHarness.StartAsync();
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        using var client = Client();
        var ice = transport.IceParameters;

        var response = Exchange(client, engine.Worker.LocalEndPoint!, BindingRequest($"{ice.UsernameFragment}:abcd", password ?? ice.Password, controlled: controlled, fingerprint: fingerprint));

        Assert.True(StunMessage.TryParse(response, out var message));
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.True(message.TryGetErrorCode(out var actual));
        Assert.Equal(code, actual);
        Assert.Equal(IceState.New, transport.IceState);
    }

    [Fact]
    public async Task After_restartIce_old_credentials_work_until_the_new_ones_are_used()
    {
        await using var engine = await EngineHarness.StartAsync();
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        using var client = Client();
        var server = engine.Worker.LocalEndPoint!;
        var old = transport.IceParameters;
        var fresh = await transport.RestartIceAsync();
        Assert.NotEqual(old.UsernameFragment, fresh.UsernameFragment);
        Assert.Equal(fresh, transport.IceParameters);

        Assert.True(StunMessage.TryParse(Exchange(client, server, BindingRequest($"{old.UsernameFragment}:a", old.Password)), out var viaOld));
        Assert.Equal(StunClass.SuccessResponse, viaOld.Class);
        Assert.True(StunMessage.TryParse(Exchange(client, server, BindingRequest($"{fresh.UsernameFragment}:a", fresh.Password)), out var viaNew));
        Assert.Equal(StunClass.SuccessResponse, viaNew.Class);
        client.ReceiveTimeout = 500;
        Assert.Throws<SocketException>(() => Exchange(client, server, BindingRequest($"{old.UsernameFragment}:a", old.Password))); // retired: no answer
    }

    [Fact]
    public async Task Requests_for_unknown_ufrags_are_not_answered()
    {
        await using var engine = await EngineHarness.StartAsync();
        using var client = Client();
        client.ReceiveTimeout = 500;
        Assert.Throws<SocketException>(() => Exchange(client, engine.Worker.LocalEndPoint!, BindingRequest("nobody:abcd", "x")));
        Assert.True(await engine.Worker.InvokeAsync(() => engine.Worker.Counters.Dropped) >= 1);
    }

    [Fact]
    public async Task Without_consent_refresh_the_transport_goes_disconnected_and_closes()
    {
        await using var engine = await EngineHarness.StartAsync(consentTimeout: TimeSpan.FromSeconds(1));
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        var states = new ConcurrentQueue<IceState>();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.IceStateChanged += states.Enqueue;
        transport.Closed += () => closed.TrySetResult();
        using var client = Client();
        var ice = transport.IceParameters;
        Exchange(client, engine.Worker.LocalEndPoint!, BindingRequest($"{ice.UsernameFragment}:abcd", ice.Password));

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([IceState.Completed, IceState.Disconnected], states.ToArray());
        Assert.True(transport.IsClosed);
        Assert.Equal(0, engine.Worker.TransportCount);
    }
}
