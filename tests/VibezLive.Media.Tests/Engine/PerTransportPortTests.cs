using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using VibezLive.Media.Tests.Ice;
using VibezLive.Protocols.Stun;

namespace VibezLive.Media.Tests.Engine;

/// <summary><see cref="MediaOptions.UseWebRtcServer"/> false: every transport binds its own port from the range
/// (mediasoup's per-transport listenInfos) and frees it when it closes.</summary>
public sealed class PerTransportPortTests
{
    private const int RangeSize = 4;

    [Fact]
    public async Task Each_transport_gets_its_own_port_from_the_range_and_frees_it_on_close()
    {
        var min = FreeUdpRange(RangeSize);
        await using var engine = await StartAsync(min);
        Assert.Null(engine.Worker.LocalEndPoint); // no shared port

        var transports = new List<WebRtcTransport>();
        for (var i = 0; i < RangeSize; i++)
        {
            transports.Add(await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions()));
        }

        var ports = transports.Select(t => t.IceCandidates.Single(c => c.Protocol == "udp").Port).ToList();
        Assert.Equal(RangeSize, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, min, min + RangeSize - 1));

        // ICE-TCP listens on the same port number when it is free (mediasoup does the same).
        Assert.All(transports, t => Assert.Equal(t.IceCandidates.Single(c => c.Protocol == "udp").Port, t.IceCandidates.Single(c => c.Protocol == "tcp").Port));

        await transports[1].CloseAsync();
        await SocketsClosedAsync(engine);
        Assert.True(CanBindUdp(ports[1])); // the sockets are closed at once, not at shutdown
        Assert.True(CanBindTcp(ports[1]));
        var again = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        Assert.Equal(ports[1], again.IceCandidates.Single(c => c.Protocol == "udp").Port);
    }

    [Fact]
    public async Task An_exhausted_range_fails_the_request_with_a_clear_error_and_the_worker_keeps_running()
    {
        var min = FreeUdpRange(RangeSize);
        await using var engine = await StartAsync(min);
        for (var i = 0; i < RangeSize; i++)
        {
            await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions()));

        Assert.Contains($"no free UDP port in [{min}, {min + RangeSize - 1}]", error.Message, StringComparison.Ordinal);
        Assert.Equal(RangeSize, engine.Worker.TransportCount); // the failed one was never counted
        Assert.True(await engine.Worker.InvokeAsync(() => true));
    }

    [Fact]
    public async Task Many_create_and_close_cycles_on_a_small_range_leak_no_port()
    {
        var min = FreeUdpRange(RangeSize);
        await using var engine = await StartAsync(min);
        for (var cycle = 0; cycle < 25; cycle++)
        {
            var batch = new List<WebRtcTransport>();
            for (var i = 0; i < RangeSize; i++)
            {
                batch.Add(await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions()));
            }

            foreach (var t in batch)
            {
                await t.CloseAsync();
            }
        }

        Assert.Equal(0, engine.Worker.TransportCount);
        await SocketsClosedAsync(engine);
        for (var port = min; port < min + RangeSize; port++)
        {
            Assert.True(CanBindUdp(port), $"UDP port {port} still bound");
            Assert.True(CanBindTcp(port), $"TCP port {port} still listening");
        }
    }

    [Fact]
    public async Task A_transport_on_its_own_port_answers_ice_and_its_consent_timer_runs()
    {
        var min = FreeUdpRange(RangeSize);
        await using var engine = await StartAsync(min, TimeSpan.FromSeconds(1));
        var other = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        var states = new ConcurrentQueue<IceState>();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.IceStateChanged += states.Enqueue;
        transport.Closed += () => closed.TrySetResult();
        var port = transport.IceCandidates.Single(c => c.Protocol == "udp").Port;
        using var client = IceServerTests.Client();
        var ice = transport.IceParameters;

        client.ReceiveTimeout = 500;
        var otherPort = new IPEndPoint(IPAddress.Loopback, other.IceCandidates[0].Port);
        Assert.Throws<SocketException>(() => IceServerTests.Exchange(client, otherPort, IceServerTests.BindingRequest($"{ice.UsernameFragment}:a", ice.Password)));
        client.ReceiveTimeout = 3000;
        var response = IceServerTests.Exchange(client, new IPEndPoint(IPAddress.Loopback, port), IceServerTests.BindingRequest($"{ice.UsernameFragment}:a", ice.Password));

        Assert.True(StunMessage.TryParse(response, out var message));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the worker's tick reached the private server
        Assert.Equal([IceState.Completed, IceState.Disconnected], states.ToArray());
        await SocketsClosedAsync(engine);
        Assert.True(CanBindUdp(port));
        Assert.False(other.IsClosed);
    }

    private static Task<EngineHarness> StartAsync(int minPort, TimeSpan? consentTimeout = null) =>
        EngineHarness.StartAsync(consentTimeout, o =>
        {
            o.UseWebRtcServer = false;
            o.RtcMinPort = minPort;
            o.RtcMaxPort = minPort + RangeSize - 1;
        });

    /// <summary>A transport's sockets close in the work item after its close (<see cref="MediaWorker.ReleaseServer"/>):
    /// one more work item is a barrier.</summary>
    private static Task SocketsClosedAsync(EngineHarness engine) => engine.Worker.InvokeAsync(() => { });

    private static bool CanBindUdp(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool CanBindTcp(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A run of <paramref name="count"/> ports free for UDP and TCP on 127.0.0.1 (tests run in parallel, so
    /// each test takes its own range, away from the ephemeral range the OS hands out).</summary>
    internal static int FreeUdpRange(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var min = Random.Shared.Next(20000, 30000);
            if (Enumerable.Range(min, count).All(p => CanBindUdp(p) && CanBindTcp(p)))
            {
                return min;
            }
        }

        throw new InvalidOperationException("no free port range found");
    }
}
