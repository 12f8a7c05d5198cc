using System.Buffers.Binary;
using VibezLive.Media.Net;
using VibezLive.Media.Observers;
using VibezLive.Media.Parameters;
using VibezLive.Media.Tests.Engine;
using VibezLive.Protocols.Srtp;

namespace VibezLive.Media.Tests.Observers;

/// <summary>The router's active-speaker event, driven end to end: SRTP audio packets carrying RFC 6464 levels go
/// through the worker's demux into producers; the observer is evaluated with explicit (fake) tick times far ahead of
/// the worker's own clock, so the real 20 ms tick never evaluates in between.</summary>
public sealed class AudioLevelObserverTests
{
    private const byte AudioLevelId = 1;

    /// <summary>What Chrome sends for a microphone: opus PT 111, ssrc-audio-level with id 1.</summary>
    private static RtpParameters OpusProducer(uint ssrc, string mid) => new()
    {
        Mid = mid,
        Codecs =
        [
            new RtpCodecParameters
            {
                MimeType = "audio/opus", PayloadType = 111, ClockRate = 48000, Channels = 2,
                Parameters = { ["minptime"] = 10, ["useinbandfec"] = 1 },
                RtcpFeedback = [new("transport-cc")],
            },
        ],
        HeaderExtensions =
        [
            new RtpHeaderExtensionParameters { Uri = "urn:ietf:params:rtp-hdrext:sdes:mid", Id = 4 },
            new RtpHeaderExtensionParameters { Uri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level", Id = AudioLevelId },
        ],
        Encodings = [new RtpEncodingParameters { Ssrc = ssrc }],
        Rtcp = new RtcpParameters { Cname = "browsercname", ReducedSize = true },
    };

    /// <summary>One 20 ms opus packet with a one-byte-header (RFC 8285 §4.2) audio-level element: V=1, level.</summary>
    private static void WriteOpusPacket(byte[] packet, uint ssrc, ushort seq, int level)
    {
        packet.AsSpan().Clear();
        packet[0] = 0x90; // V=2, X=1
        packet[1] = 111;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), seq * 960u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        packet[12] = 0xBE;
        packet[13] = 0xDE;
        packet[15] = 1; // one word of elements
        packet[16] = AudioLevelId << 4; // L=0: one byte
        packet[17] = (byte)(0x80 | level);
        for (var i = 20; i < packet.Length; i++)
        {
            packet[i] = (byte)i;
        }
    }

    private sealed class Call : IAsyncDisposable
    {
        private readonly SrtpSession _browserOut = new(EngineHarness.Keys.Profile, EngineHarness.Keys.RemoteMasterKey, EngineHarness.Keys.RemoteMasterSalt);
        private readonly byte[] _packet = new byte[80];
        private readonly Datagram _datagram;
        private readonly Dictionary<uint, ushort> _seq = [];
        private long _nowUs;

        private Call(EngineHarness engine, Producer alice, Producer bob)
        {
            Engine = engine;
            Alice = alice;
            Bob = bob;
            _datagram = engine.NewDatagram();
            engine.Router.ActiveSpeakerChanged += Events.Add; // raised on the worker thread, read there too
        }

        public EngineHarness Engine { get; }

        public Producer Alice { get; }

        public Producer Bob { get; }

        public List<ActiveSpeaker> Events { get; } = [];

        public static async Task<Call> StartAsync()
        {
            var engine = await EngineHarness.StartAsync();
            var send = await engine.ConnectedSendTransportAsync();
            var alice = await send.ProduceAsync(MediaKind.Audio, OpusProducer(1001, "0"));
            var bob = await send.ProduceAsync(MediaKind.Audio, OpusProducer(2002, "1"));
            var call = new Call(engine, alice, bob);
            call._nowUs = await engine.Worker.InvokeAsync(() => engine.Worker.NowUs + 3_600_000_000);
            return call;
        }

        /// <summary>Worker thread: <paramref name="count"/> packets of one producer at one level.</summary>
        public void Send(Producer producer, int level, int count = 40)
        {
            var ssrc = producer.RtpParameters.Encodings[0].Ssrc!.Value;
            for (var i = 0; i < count; i++)
            {
                var seq = _seq.GetValueOrDefault(ssrc, (ushort)100);
                _seq[ssrc] = (ushort)(seq + 1);
                WriteOpusPacket(_packet, ssrc, seq, level);
                Engine.Deliver(_browserOut, _packet, _datagram);
            }
        }

        /// <summary>Worker thread: the next interval's evaluation.</summary>
        public void Evaluate()
        {
            _nowUs += AudioLevelObserver.IntervalUs;
            Engine.Router.OnTick(_nowUs);
        }

        /// <summary>One interval: the packets, then the evaluation, atomically on the worker thread.</summary>
        public Task IntervalAsync(int? aliceLevel, int? bobLevel, int count = 40) => Engine.Worker.InvokeAsync(() =>
        {
            if (aliceLevel is { } a)
            {
                Send(Alice, a, count);
            }

            if (bobLevel is { } b)
            {
                Send(Bob, b, count);
            }

            Evaluate();
        });

        public Task<ActiveSpeaker[]> EventsAsync() => Engine.Worker.InvokeAsync(() => Events.ToArray());

        public async ValueTask DisposeAsync()
        {
            _browserOut.Dispose();
            await Engine.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_loudest_producer_becomes_the_active_speaker_with_its_level_in_negative_dbov()
    {
        await using var call = await Call.StartAsync();
        await call.IntervalAsync(aliceLevel: 40, bobLevel: 20);

        var events = await call.EventsAsync();
        var only = Assert.Single(events);
        Assert.Same(call.Bob, only.Producer);
        Assert.Equal(-20, only.Volume);
    }

    [Fact]
    public async Task An_event_is_raised_only_when_the_dominant_producer_changes()
    {
        await using var call = await Call.StartAsync();
        await call.IntervalAsync(aliceLevel: 40, bobLevel: 20);
        await call.IntervalAsync(aliceLevel: 45, bobLevel: 25); // Bob still louder: nothing new
        await call.IntervalAsync(aliceLevel: 10, bobLevel: 50); // Alice takes over
        await call.IntervalAsync(aliceLevel: 12, bobLevel: 60);

        var events = await call.EventsAsync();
        Assert.Equal([(call.Bob.Id, -20), (call.Alice.Id, -10)], events.Select(e => (e.Producer.Id, e.Volume)));
    }

    [Fact]
    public async Task Silence_noise_below_the_threshold_and_stray_packets_keep_the_last_speaker()
    {
        await using var call = await Call.StartAsync();
        await call.IntervalAsync(aliceLevel: 127, bobLevel: 127); // digital silence: no speaker yet
        Assert.Empty(await call.EventsAsync());

        await call.IntervalAsync(aliceLevel: 30, bobLevel: null);
        await call.IntervalAsync(aliceLevel: null, bobLevel: 80);            // -80 dBov: noise, below -70
        await call.IntervalAsync(aliceLevel: null, bobLevel: 5, count: 3);   // a few DTX/stray packets
        await call.IntervalAsync(aliceLevel: null, bobLevel: null);          // nobody sends

        var only = Assert.Single(await call.EventsAsync());
        Assert.Same(call.Alice, only.Producer);
        Assert.Equal(-30, only.Volume);
    }

    [Fact]
    public async Task Paused_and_closed_producers_are_not_candidates()
    {
        await using var call = await Call.StartAsync();
        await call.Bob.PauseAsync();
        await call.IntervalAsync(aliceLevel: 40, bobLevel: 10);
        Assert.Same(call.Alice, Assert.Single(await call.EventsAsync()).Producer);

        await call.Alice.CloseAsync();
        await call.Bob.ResumeAsync();
        await call.IntervalAsync(aliceLevel: null, bobLevel: 50);

        var events = await call.EventsAsync();
        Assert.Equal(2, events.Length);
        Assert.Same(call.Bob, events[1].Producer);
        Assert.Equal(-50, events[1].Volume);
    }

    [Fact]
    public async Task Reading_levels_and_evaluating_allocate_nothing_per_packet()
    {
        await using var call = await Call.StartAsync();
        var allocated = await call.Engine.Worker.InvokeAsync(() =>
        {
            call.Send(call.Alice, 30, 200); // warm-up
            call.Send(call.Bob, 20, 200);
            call.Evaluate();
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var round = 0; round < 5; round++)
            {
                call.Send(call.Alice, 30 - round, 100);
                call.Send(call.Bob, 20, 100);
                call.Evaluate();
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        });

        Assert.Equal(0, allocated);
        Assert.Single(await call.EventsAsync()); // Bob throughout
    }
}
