using System.Buffers.Binary;
using VibezLive.Media.Net;
using VibezLive.Media.Parameters;
using VibezLive.Protocols.Rtp;
using VibezLive.Protocols.Srtp;

namespace VibezLive.Media.Tests.Engine;

/// <summary>Per-consumer spatial layer selection of a synthetic 3-encoding VP8 producer: every packet carries its
/// layer as a payload marker, so each receiver can tell which encoding it was given.</summary>
public sealed class SimulcastTests
{
    private static readonly uint[] LayerSsrcs = [3000, 3001, 3002];

    private static SrtpSession BrowserOut() => new(EngineHarness.Keys.Profile, EngineHarness.Keys.RemoteMasterKey, EngineHarness.Keys.RemoteMasterSalt);

    private static SrtpSession EngineOut() => new(EngineHarness.Keys.Profile, EngineHarness.Keys.LocalMasterKey, EngineHarness.Keys.LocalMasterSalt);

    /// <summary><see cref="EngineHarness.Vp8Producer"/> with three SSRC-signaled encodings, low → high.</summary>
    private static RtpParameters SimulcastProducer()
    {
        var parameters = EngineHarness.Vp8Producer();
        parameters.Encodings.Clear();
        foreach (var ssrc in LayerSsrcs)
        {
            parameters.Encodings.Add(new RtpEncodingParameters { Ssrc = ssrc, ScalabilityMode = "L1T3" });
        }

        return parameters;
    }

    /// <summary>Layer <paramref name="layer"/>'s packet of frame <paramref name="frame"/>: own SSRC, sequence and
    /// timestamp bases per layer (as a browser's encoders have), payload byte 2 = 0xA0 + layer.</summary>
    private static byte[] LayerPacket(int layer, int frame, bool keyFrame)
    {
        var packet = EngineHarness.Vp8Packet(
            (ushort)((layer * 20_000) + frame), (uint)((layer * 7_000_000) + (frame * 3000)), keyFrame, LayerSsrcs[layer], payloadSize: 100);
        packet[28 + 2] = (byte)(0xA0 + layer);
        return packet;
    }

    private sealed record Received(ushort Seq, uint Timestamp, int Layer);

    private sealed class Call : IAsyncDisposable
    {
        private readonly SrtpSession _browserOut = BrowserOut();
        private readonly SrtpSession _engineOut = EngineOut();
        private Datagram? _datagram;

        public required EngineHarness Engine { get; init; }

        public required Producer Producer { get; init; }

        public required SimpleConsumer Low { get; init; }

        public required SimpleConsumer High { get; init; }

        public Task Send(int frame, bool keyFrame, params int[] layers) => Send(frame, _ => keyFrame, layers);

        public Task Send(int frame, Func<int, bool> keyFrame, params int[] layers) => Engine.Worker.InvokeAsync(() =>
        {
            _datagram ??= Engine.NewDatagram();
            foreach (var layer in layers)
            {
                Engine.Deliver(_browserOut, LayerPacket(layer, frame, keyFrame(layer)), _datagram);
            }
        });

        /// <summary>Everything the engine sent since the last call, per consumer SSRC, in arrival order.</summary>
        public Dictionary<uint, List<Received>> Collect()
        {
            var result = new Dictionary<uint, List<Received>> { [Low.Ssrc] = [], [High.Ssrc] = [] };
            while (Engine.ReceiveRtp(_engineOut, 150) is { } plain)
            {
                Assert.True(RtpPacket.TryParse(plain, out var rtp));
                if (result.TryGetValue(rtp.Ssrc, out var list))
                {
                    list.Add(new Received(rtp.SequenceNumber, rtp.Timestamp, rtp.Payload[2] - 0xA0));
                }
            }

            return result;
        }

        public async ValueTask DisposeAsync()
        {
            _browserOut.Dispose();
            _engineOut.Dispose();
            await Engine.DisposeAsync();
        }
    }

    private static async Task<Call> StartAsync()
    {
        var engine = await EngineHarness.StartAsync();
        var send = await engine.ConnectedSendTransportAsync();
        var producer = await send.ProduceAsync(MediaKind.Video, SimulcastProducer());
        var low = (SimpleConsumer)await (await engine.ConnectedTransportAsync()).ConsumeAsync(producer.Id, engine.Router.RtpCapabilities);
        var high = (SimpleConsumer)await (await engine.ConnectedTransportAsync()).ConsumeAsync(producer.Id, engine.Router.RtpCapabilities);
        await low.SetPreferredLayersAsync(0, null);
        await low.ResumeAsync();
        await high.ResumeAsync();
        engine.Drain();
        return new Call { Engine = engine, Producer = producer, Low = low, High = high };
    }

    /// <summary>Output sequence numbers without a gap or repeat, timestamps never going back.</summary>
    private static void AssertContinuous(List<Received> packets)
    {
        for (var i = 1; i < packets.Count; i++)
        {
            Assert.Equal((ushort)(packets[i - 1].Seq + 1), packets[i].Seq);
            Assert.True((int)(packets[i].Timestamp - packets[i - 1].Timestamp) >= 0, $"timestamp went back at {i}");
        }
    }

    [Fact]
    public async Task A_consumer_of_a_simulcast_producer_is_simulcast_with_one_encoding_and_defaults_to_the_top_layer()
    {
        await using var call = await StartAsync();
        Assert.Equal("simulcast", call.Producer.Type);
        Assert.Equal("simulcast", call.High.Type);
        Assert.Single(call.High.RtpParameters.Encodings);
        Assert.Equal(2, call.High.PreferredSpatialLayer);
        Assert.Equal(0, call.Low.PreferredSpatialLayer);
        Assert.Null(call.High.CurrentSpatialLayer);

        // Clamped to the producer's encodings.
        await call.Low.SetPreferredLayersAsync(9, 1);
        Assert.Equal(2, call.Low.PreferredSpatialLayer);
        await call.Low.SetPreferredLayersAsync(-3, null);
        Assert.Equal(0, call.Low.PreferredSpatialLayer);
    }

    [Fact]
    public async Task Each_consumer_receives_only_its_layer_and_switches_at_a_key_frame_with_continuous_numbering()
    {
        await using var call = await StartAsync();
        var low = new List<Received>();
        var high = new List<Received>();
        void Take()
        {
            var got = call.Collect();
            low.AddRange(got[call.Low.Ssrc]);
            high.AddRange(got[call.High.Ssrc]);
        }

        await call.Send(0, keyFrame: true, 2, 1, 0); // top first: no consumer passes through lower layers
        for (var f = 1; f < 10; f++)
        {
            await call.Send(f, keyFrame: false, 0, 1, 2);
        }

        Take();
        Assert.Equal(10, low.Count);
        Assert.All(low, p => Assert.Equal(0, p.Layer));
        Assert.Equal(10, high.Count);
        Assert.All(high, p => Assert.Equal(2, p.Layer));
        Assert.Equal(0, call.Low.CurrentSpatialLayer);
        Assert.Equal(2, call.High.CurrentSpatialLayer);

        // Down to layer 1: layer 2 keeps flowing to this consumer until layer 1's next key frame.
        await call.High.SetPreferredLayersAsync(1, null);
        for (var f = 10; f < 15; f++)
        {
            await call.Send(f, keyFrame: false, 0, 1, 2);
        }

        await call.Send(15, layer => layer == 1, 0, 1, 2);
        for (var f = 16; f < 20; f++)
        {
            await call.Send(f, keyFrame: false, 0, 1, 2);
        }

        Take();
        Assert.Equal(20, low.Count);
        Assert.All(low, p => Assert.Equal(0, p.Layer));
        Assert.Equal(20, high.Count);
        Assert.Equal(Enumerable.Repeat(2, 15).Concat(Enumerable.Repeat(1, 5)), high.Select(p => p.Layer));
        Assert.Equal(1, call.High.CurrentSpatialLayer);
        AssertContinuous(low);
        AssertContinuous(high);
        Assert.True((int)(high[15].Timestamp - high[14].Timestamp) > 0, "the first frame after the switch has a later timestamp");

        // Up again: the switch waits for layer 2's key frame.
        await call.High.SetPreferredLayersAsync(2, null);
        await call.Send(20, keyFrame: false, 0, 1, 2);
        await call.Send(21, layer => layer == 2, 0, 1, 2);
        Take();
        Assert.Equal(new[] { 1, 1, 2 }, high.Skip(20).Select(p => p.Layer)); // frame 21's layer 1 packet precedes layer 2's key frame
        AssertContinuous(high);
    }

    [Fact]
    public async Task A_consumer_falls_back_when_its_layer_stops_and_goes_back_up_when_it_returns()
    {
        await using var call = await StartAsync();
        await call.Send(0, keyFrame: true, 2, 1, 0); // top first: no consumer passes through lower layers
        await call.Send(1, keyFrame: false, 0, 1, 2);
        var high = call.Collect()[call.High.Ssrc];
        Assert.Equal(new[] { 2, 2 }, high.Select(p => p.Layer));

        // The browser stops the top layer (low bandwidth). After 1.5 s without it the consumer targets layer 1.
        var frame = 2;
        var deadline = Environment.TickCount64 + 1900;
        while (Environment.TickCount64 < deadline)
        {
            await call.Send(frame++, keyFrame: false, 0, 1);
            await Task.Delay(40);
        }

        Assert.Empty(call.Collect()[call.High.Ssrc]);
        await call.Send(frame++, layer => layer == 1, 0, 1);
        await call.Send(frame++, keyFrame: false, 0, 1);
        var fallback = call.Collect()[call.High.Ssrc];
        Assert.Equal(new[] { 1, 1 }, fallback.Select(p => p.Layer));
        Assert.Equal(1, call.High.CurrentSpatialLayer);
        Assert.Equal((ushort)(high[^1].Seq + 1), fallback[0].Seq);
        var elapsed = fallback[0].Timestamp - high[^1].Timestamp;
        Assert.True(elapsed is > 90_000 and < 90_000 * 5, $"the timestamp advances by the real pause (~2 s at 90 kHz), got {elapsed}");

        // The top layer returns: back up at its key frame.
        await call.Send(frame++, keyFrame: false, 0, 1, 2);
        await call.Send(frame, layer => layer == 2, 0, 1, 2);
        var back = call.Collect()[call.High.Ssrc];
        Assert.Equal(new[] { 1, 1, 2 }, back.Select(p => p.Layer)); // the last frame's layer 1 packet precedes layer 2's key frame
        AssertContinuous([.. high, .. fallback, .. back]);
    }

    [Fact]
    public async Task A_consumer_whose_preferred_layer_is_not_sent_gets_the_lowest_layer_above_it()
    {
        await using var call = await StartAsync();

        // The browser sends only r1 and r2 (r0 disabled): the consumer preferring r0 gets r1 rather than nothing.
        for (var frame = 0; frame < 8; frame++)
        {
            await call.Send(frame, keyFrame: true, 2, 1);
            await Task.Delay(30); // the worker's 20 ms timer picks the layer
        }

        var got = call.Collect();
        Assert.NotEmpty(got[call.Low.Ssrc]);
        Assert.All(got[call.Low.Ssrc], p => Assert.Equal(1, p.Layer));
        Assert.All(got[call.High.Ssrc], p => Assert.Equal(2, p.Layer));
        Assert.Equal(8, got[call.High.Ssrc].Count);
        Assert.Equal(1, call.Low.CurrentSpatialLayer);
    }

    [Fact]
    public async Task Forwarding_a_simulcast_producer_to_consumers_of_different_layers_allocates_nothing()
    {
        await using var engine = await EngineHarness.StartAsync();
        var send = await engine.ConnectedSendTransportAsync();
        var producer = await send.ProduceAsync(MediaKind.Video, SimulcastProducer());
        for (var i = 0; i < 6; i++)
        {
            var consumer = await (await engine.ConnectedTransportAsync()).ConsumeAsync(producer.Id, engine.Router.RtpCapabilities);
            await consumer.SetPreferredLayersAsync(i % 3, null);
            await consumer.ResumeAsync();
        }

        using var browserOut = BrowserOut();
        var datagram = engine.NewDatagram();
        var templates = new[] { LayerPacket(0, 0, true), LayerPacket(1, 0, true), LayerPacket(2, 0, true) };
        var plain = new byte[templates[0].Length];
        var allocated = await engine.Worker.InvokeAsync(() =>
        {
            ushort frame = 1;
            void One()
            {
                for (var layer = 2; layer >= 0; layer--) // top first, as in StartAsync's first frame
                {
                    templates[layer].CopyTo(plain, 0);
                    BinaryPrimitives.WriteUInt16BigEndian(plain.AsSpan(2), (ushort)((layer * 20_000) + frame));
                    BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(4), frame * 3000u);
                    engine.Deliver(browserOut, plain, datagram);
                }

                frame++;
            }

            // Warm-up: every consumer switches to its layer, and the retransmission stores fill up.
            for (var i = 0; i < 1100; i++)
            {
                One();
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 500; i++)
            {
                One();
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        });

        Assert.Equal(0, allocated);

        // Each packet of each layer went to the two consumers of that layer.
        Assert.Equal(1600L * 3 * 2, engine.Worker.Counters.RtpPacketsSent);
    }
}
