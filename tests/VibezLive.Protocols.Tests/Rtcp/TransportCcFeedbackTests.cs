using VibezLive.Protocols.Rtcp;
using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Rtcp;

public class TransportCcFeedbackTests
{
    private static TransportCcFeedback.PacketResult[] Results(byte[] data, out TransportCcFeedback feedback)
    {
        Assert.True(RtcpPacket.TryParse(data, out RtcpPacket packet));
        Assert.True(TransportCcFeedback.TryParse(packet, out feedback));
        var results = new List<TransportCcFeedback.PacketResult>();
        foreach (TransportCcFeedback.PacketResult result in feedback.GetPackets())
        {
            results.Add(result);
        }

        return [.. results];
    }

    [Fact]
    public void RunLengthChunk_Parses()
    {
        var results = Results(Hex.Parse(RtcpSamples.TransportCcRunLength), out TransportCcFeedback feedback);
        Assert.Equal(1u, feedback.SenderSsrc);
        Assert.Equal(0x11223344u, feedback.MediaSsrc);
        Assert.Equal(100, feedback.BaseSequenceNumber);
        Assert.Equal(3, feedback.PacketStatusCount);
        Assert.Equal(1, feedback.ReferenceTime);
        Assert.Equal(0, feedback.FeedbackPacketCount);
        Assert.Equal(
            [
                new(100, TransportCcStatus.ReceivedSmallDelta, 4),
                new(101, TransportCcStatus.ReceivedSmallDelta, 8),
                new(102, TransportCcStatus.ReceivedSmallDelta, 12),
            ],
            results);
        Assert.Equal(3000, results[2].DeltaMicroseconds);
    }

    [Fact]
    public void TwoBitVector_WithLossAndNegativeLargeDelta_Parses()
    {
        var results = Results(Hex.Parse(RtcpSamples.TransportCcTwoBitVector), out TransportCcFeedback feedback);
        Assert.Equal(2, feedback.ReferenceTime);
        Assert.Equal(5, feedback.FeedbackPacketCount);
        Assert.Equal(
            [
                new(1, TransportCcStatus.ReceivedSmallDelta, 1),
                new(2, TransportCcStatus.NotReceived, 0),
                new(3, TransportCcStatus.ReceivedLargeDelta, -200),
                new(4, TransportCcStatus.ReceivedSmallDelta, 2),
            ],
            results);
        Assert.False(results[1].Received);
    }

    [Fact]
    public void Builder_ReproducesHandEncodedSamples()
    {
        byte[] buffer = new byte[64];

        Assert.True(TransportCcFeedback.TryWrite(buffer, 1, 0x11223344, 100, 0, [65_000, 67_000, 70_000], out int written));
        Assert.Equal(Hex.Parse(RtcpSamples.TransportCcRunLength), buffer.AsSpan(0, written).ToArray());

        // 128 ms reference; +250 µs; lost; -50 ms; +0.5 ms.
        Assert.True(TransportCcFeedback.TryWrite(buffer, 1, 0x11223344, 1, 5, [128_250, -1, 78_250, 78_750], out written));
        Assert.Equal(Hex.Parse(RtcpSamples.TransportCcTwoBitVector), buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Builder_RoundTripsRandomArrivalsWithinHalfATick()
    {
        var random = new Random(1234);
        byte[] buffer = new byte[4096];
        for (int iteration = 0; iteration < 200; iteration++)
        {
            int count = random.Next(1, 400);
            long[] arrivals = new long[count];
            long time = random.NextInt64(0, 1L << 40);
            double lossRate = random.NextDouble() * 0.5;
            for (int i = 0; i < count; i++)
            {
                time += random.Next(0, 100) < 5 ? random.Next(-20_000, 80_000) : random.Next(0, 5_000);
                time = Math.Max(time, 0);
                arrivals[i] = random.NextDouble() < lossRate ? -1 : time;
            }

            if (Array.TrueForAll(arrivals, a => a < 0))
            {
                arrivals[0] = time;
            }

            ushort baseSeq = (ushort)random.Next(65536);
            Assert.True(TransportCcFeedback.TryWrite(buffer, 9, 10, baseSeq, (byte)iteration, arrivals, out int written));
            Assert.Equal(0, written % 4);

            var results = Results(buffer.AsSpan(0, written).ToArray(), out TransportCcFeedback feedback);
            Assert.Equal(count, results.Length);
            Assert.Equal((byte)iteration, feedback.FeedbackPacketCount);
            long reconstructed = feedback.ReferenceTime * (long)TransportCcFeedback.ReferenceTimeMicroseconds;
            long firstArrival = Array.Find(arrivals, a => a >= 0);
            long referenceOffset = firstArrival / 64_000 * 64_000 - (firstArrival / 64_000 % (1 << 24)) * 64_000; // 24-bit wrap
            for (int i = 0; i < count; i++)
            {
                Assert.Equal((ushort)(baseSeq + i), results[i].SequenceNumber);
                Assert.Equal(arrivals[i] >= 0, results[i].Received);
                if (results[i].Received)
                {
                    reconstructed += results[i].DeltaMicroseconds;
                    Assert.InRange(reconstructed + referenceOffset - arrivals[i], -125, 125);
                }
            }
        }
    }

    [Fact]
    public void Builder_LongRunsUseRunLengthChunks()
    {
        long[] arrivals = new long[1000];
        for (int i = 0; i < arrivals.Length; i++)
        {
            arrivals[i] = i < 500 ? 1_000 * i : -1;
        }

        byte[] buffer = new byte[2048];
        Assert.True(TransportCcFeedback.TryWrite(buffer, 1, 2, 0, 0, arrivals, out int written));

        // Two run-length chunks (500 received, 500 lost) and 500 one-byte deltas.
        Assert.Equal((20 + 4 + 500 + 3) & ~3, written);
    }

    [Fact]
    public void Builder_RejectsDeltaBeyondSixteenBitsAndBadInput()
    {
        byte[] buffer = new byte[256];
        Assert.False(TransportCcFeedback.TryWrite(buffer, 1, 2, 0, 0, [0, 10_000_000], out _));
        Assert.False(TransportCcFeedback.TryWrite(buffer, 1, 2, 0, 0, [], out _));
        Assert.False(TransportCcFeedback.TryWrite(buffer.AsSpan(0, 24), 1, 2, 0, 0, [0, 1000, 2000, 3000, 4000, 5000], out _));
    }

    [Theory]
    [InlineData("8f cd 00 04 00 00 00 01 11 22 33 44 00 01 ff ff 00 00 01 00")]          // 65535 statuses, no chunks
    [InlineData("8f cd 00 05 00 00 00 01 11 22 33 44 00 01 00 03 00 00 01 00 20 03 04 08")] // third delta missing
    [InlineData("8f cd 00 05 00 00 00 01 11 22 33 44 00 01 00 01 00 00 01 00 60 01 00 00")] // reserved symbol 3
    [InlineData("8f cd 00 03 00 00 00 01 11 22 33 44 00 01 00 01")]                        // shorter than fixed part
    public void Malformed_IsRejected(string hex)
    {
        Assert.True(RtcpPacket.TryParse(Hex.Parse(hex), out RtcpPacket packet));
        Assert.False(TransportCcFeedback.TryParse(packet, out _));
    }

    [Fact]
    public void ZeroLengthRunChunks_AreSkipped()
    {
        byte[] data = Hex.Parse("8f cd 00 06 00 00 00 01 11 22 33 44 00 01 00 01 00 00 01 00 00 00 20 01 04 00 00 00");
        var results = Results(data, out _);
        Assert.Equal([new(1, TransportCcStatus.ReceivedSmallDelta, 4)], results);
    }
}
