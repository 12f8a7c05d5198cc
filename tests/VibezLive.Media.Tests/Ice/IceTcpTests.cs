using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using VibezLive.Media.Net;
using VibezLive.Media.Parameters;
using VibezLive.Media.Stats;
using VibezLive.Media.Tests.Engine;
using VibezLive.Protocols.Stun;

namespace VibezLive.Media.Tests.Ice;

/// <summary>ICE-TCP passive candidates (RFC 6544) with RFC 4571 framing, over real loopback TCP connections.</summary>
public sealed class IceTcpTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(MediaJsonContext.Default, MediaStatsJsonContext.Default),
    };

    [Fact]
    public async Task Candidates_follow_mediasoup_priorities_with_tcp_passive_on_the_udp_port_number()
    {
        await using var engine = await EngineHarness.StartAsync();
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());

        var udp = transport.IceCandidates.Single(c => c.Protocol == "udp");
        var tcp = transport.IceCandidates.Single(c => c.Protocol == "tcp");
        Assert.Equal(1076558079u, udp.Priority); // preferUdp: local preference 10000 + 1000
        Assert.Equal(1076276479u, tcp.Priority); // second listen entry: 9900
        Assert.Equal("tcpcandidate", tcp.Foundation);
        Assert.Equal("passive", tcp.TcpType);
        Assert.Equal("host", tcp.Type);
        Assert.Equal(udp.Port, tcp.Port);
        var json = JsonSerializer.SerializeToNode(tcp, Json)!.AsObject();
        Assert.Equal("passive", (string)json["tcpType"]!);
        Assert.Equal("127.0.0.1", (string)json["ip"]!);
    }

    [Fact]
    public async Task Without_preferUdp_the_priorities_are_those_of_the_mediasoup_dump_and_without_udp_only_tcp_is_offered()
    {
        await using (var engine = await EngineHarness.StartAsync(configure: o => o.PreferUdp = false))
        {
            var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
            Assert.Equal([1076302079u, 1076276479u], transport.IceCandidates.Select(c => c.Priority)); // mediasoup-ground-truth-3.19.3
        }

        await using (var engine = await EngineHarness.StartAsync(configure: o => o.EnableUdp = false))
        {
            var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
            var only = Assert.Single(transport.IceCandidates);
            Assert.Equal(("tcp", 1076302079u), (only.Protocol, only.Priority));
            Assert.Equal(engine.Worker.LocalEndPoint!.Port, only.Port);
        }

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new MediaWorkerPool(
            Microsoft.Extensions.Options.Options.Create(new MediaOptions { ListenIp = "127.0.0.1", EnableUdp = false, EnableTcp = false })));
        Assert.Contains("EnableTcp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_framed_binding_request_gets_an_authenticated_success_and_the_tuple_is_tcp()
    {
        await using var engine = await EngineHarness.StartAsync();
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        var ice = transport.IceParameters;
        using var client = await ConnectAsync(transport);

        var response = await ExchangeAsync(client, IceServerTests.BindingRequest($"{ice.UsernameFragment}:abcd", ice.Password));

        Assert.True(StunMessage.TryParse(response, out var message));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(message.VerifyMessageIntegrity(Encoding.ASCII.GetBytes(ice.Password)));
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(client.LocalEndPoint, mapped);
        Assert.Equal(IceState.Completed, transport.IceState);
        var stats = Assert.IsType<WebRtcTransportStats>(Assert.Single(await transport.GetStatsAsync()));
        Assert.Equal("tcp", stats.IceSelectedTuple!.Protocol);
        Assert.Equal(TcpPort(transport), stats.IceSelectedTuple.LocalPort);
        Assert.Equal(((IPEndPoint)client.LocalEndPoint!).Port, stats.IceSelectedTuple.RemotePort);
        var node = JsonSerializer.SerializeToNode(stats, Json)!;
        Assert.Equal("tcp", (string)node["iceSelectedTuple"]!["protocol"]!);
    }

    [Fact]
    public async Task A_request_split_across_segments_and_one_after_an_oversize_frame_are_both_answered()
    {
        await using var engine = await EngineHarness.StartAsync();
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        var ice = transport.IceParameters;
        using var client = await ConnectAsync(transport);
        var framed = Frame(IceServerTests.BindingRequest($"{ice.UsernameFragment}:abcd", ice.Password, useCandidate: false));

        // One byte at a time: the reader must reassemble frames.
        foreach (var b in framed)
        {
            await client.SendAsync(new[] { b });
            await Task.Delay(1);
        }

        Assert.True(StunMessage.TryParse(await ReceiveFrameAsync(client), out var first));
        Assert.Equal(StunClass.SuccessResponse, first.Class);

        // A frame larger than any datagram is skipped whole; the next frame is read in step.
        var oversize = new byte[2 + 3000];
        BinaryPrimitives.WriteUInt16BigEndian(oversize, 3000);
        await client.SendAsync(oversize.Concat(Frame(IceServerTests.BindingRequest($"{ice.UsernameFragment}:abcd", ice.Password))).ToArray());
        Assert.True(StunMessage.TryParse(await ReceiveFrameAsync(client), out var second));
        Assert.Equal(StunClass.SuccessResponse, second.Class);
        Assert.Equal(IceState.Completed, transport.IceState);
    }

    [Fact]
    public async Task Garbage_on_a_validated_connection_is_dropped_and_the_connection_keeps_working()
    {
        await using var engine = await EngineHarness.StartAsync();
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        var ice = transport.IceParameters;
        using var client = await ConnectAsync(transport);
        await ExchangeAsync(client, IceServerTests.BindingRequest($"{ice.UsernameFragment}:abcd", ice.Password));
        var random = new Random(6544);
        var dropsBefore = await engine.Worker.InvokeAsync(() => engine.Worker.Counters.Dropped);

        for (var i = 0; i < 300; i++)
        {
            var payload = new byte[random.Next(1, 1500)];
            random.NextBytes(payload); // DTLS-, RTP-, RTCP-looking or unclassifiable: no keys yet, all dropped
            await client.SendAsync(Frame(payload));
        }

        var response = await ExchangeAsync(client, IceServerTests.BindingRequest($"{ice.UsernameFragment}:abcd", ice.Password));
        Assert.True(StunMessage.TryParse(response, out var message));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(await engine.Worker.InvokeAsync(() => engine.Worker.Counters.Dropped) > dropsBefore);
        Assert.Equal(IceState.Completed, transport.IceState);
        Assert.Equal(1, engine.Worker.Metrics.IceTcpConnectionCount);
    }

    [Fact]
    public async Task A_connection_whose_first_packet_is_not_stun_is_closed_and_counted()
    {
        await using var engine = await EngineHarness.StartAsync();
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        using var client = await ConnectAsync(transport);

        await client.SendAsync(Frame(EngineHarness.Vp8Packet(1, 1, keyFrame: true)));

        Assert.True(await ClosedByServerAsync(client));
        Assert.Equal(1, engine.Worker.Metrics.IceTcpClosedCount(IceTcpCloseReason.NotStun));
        await WaitForAsync(() => engine.Worker.Metrics.IceTcpConnectionCount == 0);
        Assert.Equal(0, await engine.Worker.InvokeAsync(() => engine.Worker.Server!.UnboundTcpConnectionCount));
    }

    [Fact]
    public async Task A_silent_connection_and_one_with_an_unknown_ufrag_are_closed_after_the_ice_timeout()
    {
        await using var engine = await EngineHarness.StartAsync(configure: o => o.IceTcpConnectTimeout = TimeSpan.FromSeconds(1));
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        using var silent = await ConnectAsync(transport);
        using var guessing = await ConnectAsync(transport);
        await guessing.SendAsync(Frame(IceServerTests.BindingRequest("nobody:abcd", "x")));

        Assert.True(await ClosedByServerAsync(silent, TimeSpan.FromSeconds(5)));
        Assert.True(await ClosedByServerAsync(guessing, TimeSpan.FromSeconds(5)));
        Assert.Equal(2, engine.Worker.Metrics.IceTcpClosedCount(IceTcpCloseReason.IceTimeout));
        await WaitForAsync(() => engine.Worker.Metrics.IceTcpConnectionCount == 0);
        Assert.Equal(IceState.New, transport.IceState);
    }

    [Fact]
    public async Task Connections_beyond_the_limit_are_refused_and_counted()
    {
        await using var engine = await EngineHarness.StartAsync(configure: o => o.MaxIceTcpConnections = 2);
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        using var first = await ConnectAsync(transport);
        using var second = await ConnectAsync(transport);
        await WaitForAsync(() => engine.Worker.Metrics.IceTcpConnectionCount == 2);

        using var third = await ConnectAsync(transport);

        Assert.True(await ClosedByServerAsync(third));
        Assert.Equal(1, engine.Worker.Metrics.IceTcpClosedCount(IceTcpCloseReason.ConnectionLimit));
        Assert.Equal(2, engine.Worker.Metrics.IceTcpConnectionCount);
    }

    [Fact]
    public async Task The_peer_closing_the_selected_connection_makes_ice_disconnected_and_frees_it()
    {
        await using var engine = await EngineHarness.StartAsync();
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        var states = new ConcurrentQueue<IceState>();
        transport.IceStateChanged += states.Enqueue;
        var ice = transport.IceParameters;
        var client = await ConnectAsync(transport);
        await ExchangeAsync(client, IceServerTests.BindingRequest($"{ice.UsernameFragment}:abcd", ice.Password));

        client.Dispose();

        await WaitForAsync(() => transport.IceState == IceState.Disconnected);
        Assert.Equal([IceState.Completed, IceState.Disconnected], states.ToArray());
        Assert.Null(await engine.Worker.InvokeAsync(() => transport.SelectedTupleForTests));
        Assert.Equal(1, engine.Worker.Metrics.IceTcpClosedCount(IceTcpCloseReason.PeerClosed));
        await WaitForAsync(() => engine.Worker.Metrics.IceTcpConnectionCount == 0);
    }

    [Fact]
    public async Task Losing_the_selected_connection_moves_media_to_another_valid_one()
    {
        await using var engine = await EngineHarness.StartAsync();
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        var ice = transport.IceParameters;
        using var backup = await ConnectAsync(transport);
        await ExchangeAsync(backup, IceServerTests.BindingRequest($"{ice.UsernameFragment}:abcd", ice.Password, useCandidate: false));
        var selected = await ConnectAsync(transport);
        await ExchangeAsync(selected, IceServerTests.BindingRequest($"{ice.UsernameFragment}:abcd", ice.Password));
        var selectedPort = ((IPEndPoint)selected.LocalEndPoint!).Port;
        Assert.Equal(selectedPort, await RemotePortAsync());

        selected.Dispose();

        var backupPort = ((IPEndPoint)backup.LocalEndPoint!).Port;
        for (var i = 0; i < 100 && await RemotePortAsync() != backupPort; i++)
        {
            await Task.Delay(30);
        }

        Assert.Equal(backupPort, await RemotePortAsync());
        Assert.Equal(IceState.Completed, transport.IceState);

        async Task<int?> RemotePortAsync()
        {
            var stats = (WebRtcTransportStats)(await transport.GetStatsAsync())[0];
            return stats.IceSelectedTuple?.RemotePort;
        }
    }

    [Fact]
    public async Task Closing_the_transport_closes_its_connections()
    {
        await using var engine = await EngineHarness.StartAsync();
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        var ice = transport.IceParameters;
        using var client = await ConnectAsync(transport);
        await ExchangeAsync(client, IceServerTests.BindingRequest($"{ice.UsernameFragment}:abcd", ice.Password));

        await transport.CloseAsync();

        Assert.True(await ClosedByServerAsync(client));
        Assert.Equal(1, engine.Worker.Metrics.IceTcpClosedCount(IceTcpCloseReason.TupleRemoved));
        await WaitForAsync(() => engine.Worker.Metrics.IceTcpConnectionCount == 0);
    }

    [Fact]
    public async Task Sending_on_a_tcp_tuple_allocates_nothing_and_a_full_queue_drops_instead_of_blocking()
    {
        await using var engine = await EngineHarness.StartAsync();
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        var ice = transport.IceParameters;
        using var client = await ConnectAsync(transport, receiveBufferSize: 4096);
        await ExchangeAsync(client, IceServerTests.BindingRequest($"{ice.UsernameFragment}:abcd", ice.Password));
        var packet = new byte[1200];

        // The client reads everything: frames go straight to the socket.
        using var drain = new CancellationTokenSource();
        var received = 0L;
        var reader = Task.Run(async () =>
        {
            var buffer = new byte[65536];
            while (!drain.IsCancellationRequested)
            {
                var n = await client.ReceiveAsync(buffer, drain.Token);
                if (n == 0)
                {
                    break;
                }

                Interlocked.Add(ref received, n);
            }
        });
        var allocated = await engine.Worker.InvokeAsync(() =>
        {
            var tuple = transport.SelectedTupleForTests!;
            for (var i = 0; i < 200; i++)
            {
                tuple.Send(packet);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 200; i++)
            {
                tuple.Send(packet);
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        });
        Assert.Equal(0, allocated);
        await WaitForAsync(() => Interlocked.Read(ref received) >= 400 * (2 + 1200));
        await drain.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader);

        // Nobody reads now: once the kernel buffers are full the queue fills, then packets are dropped, never blocking.
        var (sent, dropped) = await engine.Worker.InvokeAsync(() =>
        {
            var tuple = transport.SelectedTupleForTests!;
            int ok = 0, failed = 0;
            for (var i = 0; i < 50_000 && failed < 100; i++)
            {
                if (tuple.Send(packet))
                {
                    ok++;
                }
                else
                {
                    failed++;
                }
            }

            return (ok, failed);
        });
        Assert.True(sent > 0);
        Assert.Equal(100, dropped);
        Assert.True(await engine.Worker.InvokeAsync(() => true)); // the worker was never blocked
    }

    private static int TcpPort(WebRtcTransport transport) => transport.IceCandidates.Single(c => c.Protocol == "tcp").Port;

    private static async Task<Socket> ConnectAsync(WebRtcTransport transport, int? receiveBufferSize = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (receiveBufferSize is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, TcpPort(transport)));
        return socket;
    }

    /// <summary>RFC 4571 §2: 16-bit big-endian length, then the packet.</summary>
    private static byte[] Frame(byte[] packet)
    {
        var frame = new byte[2 + packet.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)packet.Length);
        packet.CopyTo(frame, 2);
        return frame;
    }

    private static async Task<byte[]> ExchangeAsync(Socket client, byte[] request)
    {
        await client.SendAsync(Frame(request));
        return await ReceiveFrameAsync(client);
    }

    private static async Task<byte[]> ReceiveFrameAsync(Socket client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var header = new byte[2];
        await ReceiveExactlyAsync(client, header, timeout.Token);
        var packet = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
        await ReceiveExactlyAsync(client, packet, timeout.Token);
        return packet;
    }

    private static async Task ReceiveExactlyAsync(Socket client, byte[] buffer, CancellationToken ct)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var n = await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, ct);
            if (n == 0)
            {
                throw new IOException("connection closed by the server");
            }

            filled += n;
        }
    }

    /// <summary>True when the server closes the connection (end of stream or reset) within the time.</summary>
    private static async Task<bool> ClosedByServerAsync(Socket client, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(3));
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                if (await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(30);
        }

        Assert.True(condition());
    }
}
