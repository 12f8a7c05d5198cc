using System.Buffers.Binary;
using VibezLive.Media.Parameters;
using VibezLive.Protocols.Rtcp;
using VibezLive.Protocols.Rtp;
using VibezLive.Protocols.Srtp;

namespace VibezLive.Media.Tests.Engine;

public sealed class ForwardingTests
{
    private static SrtpSession BrowserOut() => new(EngineHarness.Keys.Profile, EngineHarness.Keys.RemoteMasterKey, EngineHarness.Keys.RemoteMasterSalt);

    private static SrtpSession EngineOut() => new(EngineHarness.Keys.Profile, EngineHarness.Keys.LocalMasterKey, EngineHarness.Keys.LocalMasterSalt);

    private static async Task<(EngineHarness Engine, Producer Producer, SimpleConsumer Consumer)> CallAsync()
    {
        var engine = await EngineHarness.StartAsync();
        var send = await engine.ConnectedSendTransportAsync();
        var recv = await engine.ConnectedTransportAsync();
        var producer = await send.ProduceAsync(MediaKind.Video, EngineHarness.Vp8Producer());
        var consumer = (SimpleConsumer)await recv.ConsumeAsync(producer.Id, engine.Router.RtpCapabilities);
        await consumer.ResumeAsync();
        engine.Drain();
        return (engine, producer, consumer);
    }

    [Fact]
    public async Task Consumer_gets_its_own_ssrc_router_payload_type_and_router_extension_ids()
    {
        var (engine, _, consumer) = await CallAsync();
        await using var owned = engine;
        using var browserOut = BrowserOut();
        using var engineOut = EngineOut();
        var datagram = engine.NewDatagram();
        await engine.Worker.InvokeAsync(() => engine.Deliver(browserOut, EngineHarness.Vp8Packet(500, 9000, keyFrame: true, transportSeq: 77), datagram));

        var received = engine.ReceiveRtp(engineOut);
        Assert.NotNull(received);
        Assert.True(RtpPacket.TryParse(received, out var rtp));
        Assert.Equal(consumer.RtpParameters.Encodings[0].Ssrc, rtp.Ssrc);
        Assert.Equal(consumer.RtpParameters.Codecs[0].PayloadType, rtp.PayloadType);
        Assert.Equal(101, rtp.PayloadType); // the router's VP8 payload type, not Chrome's 96
        var ids = consumer.RtpParameters.HeaderExtensions.ToDictionary(e => e.Uri, e => (byte)e.Id);
        Assert.True(rtp.TryGetExtension(ids["urn:ietf:params:rtp-hdrext:sdes:mid"], out var mid));
        Assert.Equal("0"u8.ToArray(), mid.ToArray());
        Assert.True(rtp.TryGetExtension(ids["http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"], out var twcc));
        Assert.Equal(2, twcc.Length);
        Assert.False(rtp.TryGetExtension(3, out _)); // Chrome's transport-cc id is not leaked
        Assert.Equal(1000, rtp.Payload.Length);
    }

    [Fact]
    public async Task Sequence_numbers_and_timestamps_continue_across_pause_and_resume_from_a_key_frame()
    {
        var (engine, _, consumer) = await CallAsync();
        await using var owned = engine;
        using var browserOut = BrowserOut();
        using var engineOut = EngineOut();
        var datagram = engine.NewDatagram();

        async Task Send(ushort seq, uint ts, bool key) =>
            await engine.Worker.InvokeAsync(() => engine.Deliver(browserOut, EngineHarness.Vp8Packet(seq, ts, key), datagram));

        await Send(1000, 90000, key: true);
        await Send(1001, 93000, key: false);
        var first = engine.ReceiveRtp(engineOut)!;
        var second = engine.ReceiveRtp(engineOut)!;
        var seq0 = BinaryPrimitives.ReadUInt16BigEndian(first.AsSpan(2));
        Assert.Equal((ushort)(seq0 + 1), BinaryPrimitives.ReadUInt16BigEndian(second.AsSpan(2)));
        var ts1 = BinaryPrimitives.ReadUInt32BigEndian(second.AsSpan(4));

        await consumer.PauseAsync();
        for (ushort s = 1002; s < 1100; s++)
        {
            await Send(s, 93000 + ((uint)(s - 1001) * 3000), key: false);
        }

        await consumer.ResumeAsync();
        await Send(1100, 400000, key: false); // not decodable: dropped until a key frame
        await Send(1101, 403000, key: true);
        var resumed = engine.ReceiveRtp(engineOut)!;
        Assert.Equal((ushort)(seq0 + 2), BinaryPrimitives.ReadUInt16BigEndian(resumed.AsSpan(2)));
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(resumed.AsSpan(4)) - ts1 is > 0 and < 90000 * 10);
        Assert.Null(engine.ReceiveRtp(engineOut, 200));
    }

    [Fact]
    public async Task A_nack_from_the_consumer_side_is_answered_with_rtx_from_the_store()
    {
        var (engine, _, consumer) = await CallAsync();
        await using var owned = engine;
        using var browserOut = BrowserOut();
        using var engineOut = EngineOut();
        using var consumerRtcpOut = BrowserOut(); // the receiving browser protects its RTCP with the same test keys
        var datagram = engine.NewDatagram();
        await engine.Worker.InvokeAsync(() => engine.Deliver(browserOut, EngineHarness.Vp8Packet(42, 1234, keyFrame: true), datagram));
        var original = engine.ReceiveRtp(engineOut)!;
        var outSeq = BinaryPrimitives.ReadUInt16BigEndian(original.AsSpan(2));

        var fromReceiver = engine.NewDatagram(fromReceiver: true);
        var nack = new byte[64];
        Assert.True(GenericNack.TryWrite(nack, 0x1234, consumer.Ssrc, [outSeq], out var nackLength));
        await engine.Worker.InvokeAsync(() =>
        {
            nack.AsSpan(0, nackLength).CopyTo(fromReceiver.Buffer);
            Assert.Equal(SrtpError.None, consumerRtcpOut.ProtectRtcp(fromReceiver.Buffer, nackLength, out var protectedLength));
            fromReceiver.Length = protectedLength;
            engine.Worker.Server!.OnDatagram(fromReceiver);
        });

        var rtx = engine.ReceiveRtp(engineOut)!;
        Assert.True(RtpPacket.TryParse(rtx, out var packet));
        Assert.Equal(consumer.RtpParameters.Encodings[0].Rtx!.Ssrc, packet.Ssrc);
        Assert.Equal(102, packet.PayloadType); // router RTX payload type for VP8
        Assert.Equal(outSeq, BinaryPrimitives.ReadUInt16BigEndian(packet.Payload));
        Assert.Equal(1000, packet.Payload.Length - 2);
    }

    [Fact]
    public async Task Forwarding_one_packet_to_eight_consumers_allocates_nothing()
    {
        await using var engine = await EngineHarness.StartAsync();
        var send = await engine.ConnectedSendTransportAsync();
        var producer = await send.ProduceAsync(MediaKind.Video, EngineHarness.Vp8Producer());
        for (var i = 0; i < 8; i++)
        {
            var recv = await engine.ConnectedTransportAsync();
            var consumer = await recv.ConsumeAsync(producer.Id, engine.Router.RtpCapabilities);
            await consumer.ResumeAsync();
        }

        using var browserOut = BrowserOut();
        var datagram = engine.NewDatagram();
        var template = EngineHarness.Vp8Packet(0, 0, keyFrame: true);
        var plain = new byte[template.Length];
        var allocated = await engine.Worker.InvokeAsync(() =>
        {
            ushort seq = 1;
            void One()
            {
                template.CopyTo(plain, 0);
                BinaryPrimitives.WriteUInt16BigEndian(plain.AsSpan(2), seq);
                BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(4), seq * 3000u);
                BinaryPrimitives.WriteUInt16BigEndian(plain.AsSpan(23), seq); // transport-wide seq
                seq++;
                engine.Deliver(browserOut, plain, datagram);
            }

            // Warm-up fills the producer's retransmission store (its slots are allocated on first use).
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
        var stats = await producer.GetStatsAsync();
        Assert.Equal(1600, ((Stats.RtpStreamStats)stats[0]).PacketCount);
        Assert.Equal(1600L * 8, engine.Worker.Counters.RtpPacketsSent);
    }

    [Fact]
    public async Task Forwarding_continues_across_sequence_number_wraparounds()
    {
        var (engine, producer, consumer) = await CallAsync();
        await using var owned = engine;
        using var browserOut = BrowserOut();
        var datagram = engine.NewDatagram();
        var plain = EngineHarness.Vp8Packet(0, 0, keyFrame: true, payloadSize: 50);
        await engine.Worker.InvokeAsync(() =>
        {
            for (var i = 0; i < 140_000; i++)
            {
                var seq = (ushort)(60_000 + i);
                BinaryPrimitives.WriteUInt16BigEndian(plain.AsSpan(2), seq);
                BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(4), (uint)i * 3000);
                engine.Deliver(browserOut, plain, datagram);
            }
        });

        var stats = await consumer.GetStatsAsync();
        Assert.Equal(140_000, ((Stats.RtpStreamStats)stats[0]).PacketCount);
        Assert.Equal(140_000, ((Stats.RtpStreamStats)stats[1]).PacketCount);
        _ = producer;
    }
}
