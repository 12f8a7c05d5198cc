using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace VibezLive.SocketIO.Tests.Server;

public class ServerTests
{
    private static async Task<string> HandshakeSidAsync(TestServer server, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/socket.io/?EIO=4&transport=polling");
        if (origin is not null) request.Headers.Add("Origin", origin);
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body[1..]).RootElement.GetProperty("sid").GetString()!;
    }

    [Fact]
    public async Task Other_origins_are_forbidden_unless_configured()
    {
        await using var server = await TestServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/socket.io/?EIO=4&transport=polling");
        request.Headers.Add("Origin", "http://evil.example");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("""{"code":4,"message":"Forbidden"}""", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));

        // Same origin is fine.
        await HandshakeSidAsync(server, server.BaseUri.GetLeftPart(UriPartial.Authority));
    }

    [Fact]
    public async Task Configured_origins_are_allowed_with_credentials()
    {
        await using var server = await TestServer.StartAsync(o => o.CorsOrigins.Add("https://app.example"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/socket.io/?EIO=4&transport=polling");
        request.Headers.Add("Origin", "https://app.example");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://app.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
    }

    [Fact]
    public async Task Disabled_transports_are_unknown()
    {
        await using var server = await TestServer.StartAsync(o => o.AllowPolling = false);
        using var response = await server.Client.GetAsync("/socket.io/?EIO=4&transport=polling");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"code":0,"message":"Transport unknown"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_upgrades_the_handshake_offers_none()
    {
        await using var server = await TestServer.StartAsync(o => o.AllowUpgrades = false);
        var body = await server.Client.GetStringAsync("/socket.io/?EIO=4&transport=polling");
        Assert.Contains("\"upgrades\":[]", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_fail_validation()
    {
        var services = new ServiceCollection();
        services.AddSocketIO(o =>
        {
            o.PingInterval = TimeSpan.Zero;
            o.MaxHttpBufferSize = 10;
        });
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SocketIOOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains("PingInterval", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("MaxHttpBufferSize", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Middleware_refusal_sends_connect_error_and_keeps_the_connection()
    {
        await using var server = await TestServer.StartAsync(setup: io =>
        {
            var ns = io.Of("/secure");
            ns.Use(hs =>
            {
                if (hs.Auth is { } auth && auth.TryGetProperty("token", out var t) && t.GetString() == "good")
                {
                    hs.Items["user"] = "alice";
                    return ValueTask.FromResult<SioConnectError?>(null);
                }
                return ValueTask.FromResult<SioConnectError?>(new SioConnectError(new Dictionary<string, object?> { ["message"] = "unauthorized", ["data"] = new Dictionary<string, object?> { ["code"] = 401 } }));
            });
            ns.OnConnection(socket =>
            {
                socket.On("who", e => e.AckAsync(socket.Items["user"], socket.Handshake.Auth));
                return ValueTask.CompletedTask;
            });
        });
        using var ws = await server.OpenWebSocketAsync();
        Assert.StartsWith("0{", await ws.ReceiveAsync());
        await ws.SendAsync("40/secure,{\"token\":\"bad\"}");
        Assert.Equal("""44/secure,{"message":"unauthorized","data":{"code":401}}""", await ws.ReceiveNonPingAsync());
        await ws.SendAsync("40/secure,{\"token\":\"good\"}");
        Assert.StartsWith("40/secure,{\"sid\":", await ws.ReceiveNonPingAsync());
        await ws.SendAsync("42/secure,3[\"who\"]");
        Assert.Equal("""43/secure,3["alice",{"token":"good"}]""", await ws.ReceiveNonPingAsync());
    }

    [Fact]
    public async Task Heartbeat_pings_on_interval_and_closes_without_pong()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var server = await TestServer.StartAsync(o =>
        {
            o.PingInterval = TimeSpan.FromSeconds(25);
            o.PingTimeout = TimeSpan.FromSeconds(20);
        }, time: time);
        using var ws = await server.OpenWebSocketAsync();
        Assert.StartsWith("0{", await ws.ReceiveAsync());
        await ws.SendAsync("40");
        Assert.StartsWith("40{", await ws.ReceiveAsync());

        time.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal("2", await ws.ReceiveAsync());
        await ws.SendAsync("3");
        await WaitUntilAsync(() => server.Io.ClientCount == 1);

        // The pong re-arms the interval: next ping 25 s later; no pong within 20 s closes the session.
        await Task.Delay(50);
        time.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal("2", await ws.ReceiveAsync());
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(await ws.ReceiveAsync());
        await WaitUntilAsync(() => server.Io.ClientCount == 0);
    }

    [Fact]
    public async Task Emit_with_ack_times_out_and_disconnect_handlers_run_after_events()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var log = new List<string>();
        var disconnected = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(o => o.PingInterval = TimeSpan.FromHours(1), time: time, setup: io =>
            io.Of("/").OnConnection(socket =>
            {
                socket.On("go", async e =>
                {
                    try
                    {
                        await socket.EmitWithAckAsync("question", TimeSpan.FromSeconds(5), 1);
                        lock (log) log.Add("answered");
                    }
                    catch (TimeoutException)
                    {
                        lock (log) log.Add("timeout");
                        await socket.EmitAsync("timed-out");
                    }
                });
                socket.OnDisconnect(reason =>
                {
                    lock (log) log.Add("disconnect:" + reason);
                    disconnected.TrySetResult(reason);
                    return ValueTask.CompletedTask;
                });
                return ValueTask.CompletedTask;
            }));
        using var ws = await server.OpenWebSocketAsync();
        await ws.ReceiveAsync();
        await ws.SendAsync("40");
        await ws.ReceiveAsync();
        await ws.SendAsync("42[\"go\"]");
        Assert.Equal("""420["question",1]""", await ws.ReceiveAsync());
        string? next = null;
        for (int i = 0; i < 50 && next is null; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            next = await ws.ReceiveAsync(TimeSpan.FromMilliseconds(100));
        }
        Assert.Equal("""42["timed-out"]""", next);

        // A late answer is ignored; the client's DISCONNECT runs the handlers.
        await ws.SendAsync("430[\"late\"]");
        await ws.SendAsync("41");
        Assert.Equal("client namespace disconnect", await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        lock (log) Assert.Equal(["timeout", "disconnect:client namespace disconnect"], log);
    }

    [Fact]
    public async Task Handlers_of_one_socket_run_one_at_a_time_in_order()
    {
        var order = new List<int>();
        int running = 0, overlaps = 0;
        await using var server = await TestServer.StartAsync(setup: io =>
            io.Of("/").OnConnection(socket =>
            {
                socket.On("n", async e =>
                {
                    if (Interlocked.Increment(ref running) > 1) Interlocked.Increment(ref overlaps);
                    await Task.Delay(2);
                    lock (order) order.Add(e.Args[0].GetInt32());
                    Interlocked.Decrement(ref running);
                    if (e.HasAck) await e.AckAsync();
                });
                return ValueTask.CompletedTask;
            }));
        using var ws = await server.OpenWebSocketAsync();
        await ws.ReceiveAsync();
        await ws.SendAsync("40");
        await ws.ReceiveAsync();
        for (int i = 0; i < 30; i++) await ws.SendAsync(i == 29 ? "421[\"n\",29]" : $"42[\"n\",{i}]");
        Assert.Equal("431[]", await ws.ReceiveNonPingAsync());
        Assert.Equal(Enumerable.Range(0, 30), order);
        Assert.Equal(0, overlaps);
    }

    [Fact]
    public async Task Events_without_a_handler_go_to_the_unhandled_handler_which_can_ack()
    {
        await using var server = await TestServer.StartAsync(setup: io =>
            io.Of("/").OnConnection(socket =>
            {
                socket.On("known", e => e.AckAsync("known"));
                socket.OnUnhandled(e => e.HasAck ? e.AckAsync("unhandled:" + e.Name) : ValueTask.CompletedTask);
                return ValueTask.CompletedTask;
            }));
        using var ws = await server.OpenWebSocketAsync();
        await ws.ReceiveAsync();
        await ws.SendAsync("40");
        await ws.ReceiveAsync();
        await ws.SendAsync("421[\"known\"]");
        Assert.Equal("431[\"known\"]", await ws.ReceiveNonPingAsync());
        await ws.SendAsync("422[\"other\",{}]");
        Assert.Equal("432[\"unhandled:other\"]", await ws.ReceiveNonPingAsync());
    }

    [Fact]
    public async Task Broadcast_reaches_room_members_except_excluded_and_acks_are_sent_once()
    {
        await using var server = await TestServer.StartAsync(setup: io =>
            io.Of("/").OnConnection(socket =>
            {
                socket.Join("r");
                socket.On("shout", async e =>
                {
                    await socket.To("r").EmitAsync("heard", e.Args[0]);
                    await e.AckAsync("once");
                    await e.AckAsync("twice");
                });
                return ValueTask.CompletedTask;
            }));
        using var a = await server.OpenWebSocketAsync();
        using var b = await server.OpenWebSocketAsync();
        using var c = await server.OpenWebSocketAsync();
        var ids = new List<string>();
        foreach (var ws in new[] { a, b, c })
        {
            await ws.ReceiveAsync();
            await ws.SendAsync("40");
            var reply = await ws.ReceiveAsync();
            ids.Add(JsonDocument.Parse(reply![2..]).RootElement.GetProperty("sid").GetString()!);
        }
        var ns = server.Io.Of("/");
        // Connection handlers run on each socket's loop just after the CONNECT reply is queued.
        await WaitUntilAsync(() => ns.GetRoomSize("r") == 3);
        Assert.Equal(3, ns.Sockets.Count);

        await a.SendAsync("425[\"shout\",\"hi\"]");
        Assert.Equal("""435["once"]""", await a.ReceiveNonPingAsync());
        Assert.Equal("""42["heard","hi"]""", await b.ReceiveNonPingAsync());
        Assert.Equal("""42["heard","hi"]""", await c.ReceiveNonPingAsync());
        var extra = await a.ReceiveAsync(TimeSpan.FromMilliseconds(200));
        Assert.True(extra is null or "2", extra); // neither the sender's own broadcast nor a second ack

        // Namespace-wide binary emit except one socket id: encoded once, the same bytes to both others.
        await ns.Except(ids[2]).EmitAsync("all-but-one", new byte[] { 1, 2 });
        Assert.Equal("""451-["all-but-one",{"_placeholder":true,"num":0}]""", await a.ReceiveNonPingAsync());
        Assert.Equal("bin:AQI=", await a.ReceiveNonPingAsync());
        Assert.Equal("""451-["all-but-one",{"_placeholder":true,"num":0}]""", await b.ReceiveNonPingAsync());
        var none = await c.ReceiveAsync(TimeSpan.FromMilliseconds(200));
        Assert.True(none is null or "2", none);
    }

    [Fact]
    public async Task Metrics_count_clients_and_packets()
    {
        await using var server = await TestServer.StartAsync(setup: io =>
            io.Of("/").OnConnection(socket =>
            {
                socket.On("echo", e => socket.EmitAsync("echo", e.GetValues()));
                return ValueTask.CompletedTask;
            }));
        var meterFactory = server.Services.GetRequiredService<IMeterFactory>();
        using var clients = new MetricCollector<long>(meterFactory, "VibezLive.SocketIO", "engine.connections");
        using var received = new MetricCollector<long>(meterFactory, "VibezLive.SocketIO", "packets.received");
        using var sent = new MetricCollector<long>(meterFactory, "VibezLive.SocketIO", "packets.sent");
        using (var ws = await server.OpenWebSocketAsync())
        {
            await ws.ReceiveAsync();
            await ws.SendAsync("40");
            await ws.ReceiveAsync();
            await ws.SendAsync("42[\"echo\",1]");
            Assert.Equal("""42["echo",1]""", await ws.ReceiveNonPingAsync());
            Assert.Equal(1, clients.GetMeasurementSnapshot().Sum(m => m.Value));
            await ws.CloseAsync();
            Assert.Equal(System.Net.WebSockets.WebSocketState.Closed, ws.Socket.State);
        }
        await WaitUntilAsync(() => clients.GetMeasurementSnapshot().Sum(m => m.Value) == 0);
        Assert.Equal(2, received.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.True(sent.GetMeasurementSnapshot().Sum(m => m.Value) >= 2);
    }

    [Fact]
    public async Task A_client_that_does_not_read_is_dropped_instead_of_buffered()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxPendingPackets = 16);
        var sid = await HandshakeSidAsync(server);
        using (var connect = new StringContent("40"))
        {
            (await server.Client.PostAsync($"/socket.io/?EIO=4&transport=polling&sid={sid}", connect)).Dispose();
        }
        await WaitUntilAsync(() => server.Io.Of("/").Sockets.Count == 1);
        for (int i = 0; i < 40; i++) await server.Io.Of("/").EmitAsync("flood", i);
        await WaitUntilAsync(() => server.Io.ClientCount == 0);
        Assert.Empty(server.Io.Of("/").Sockets);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition());
    }
}
