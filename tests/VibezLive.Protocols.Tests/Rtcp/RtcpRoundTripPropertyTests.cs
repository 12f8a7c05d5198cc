using VibezLive.Protocols.Rtcp;

namespace VibezLive.Protocols.Tests.Rtcp;

/// <summary>Writers and parsers agree on random inputs (deterministic seeds, bounded iterations).</summary>
public class RtcpRoundTripPropertyTests
{
    [Fact]
    public void GenericNack_AnyAscendingLossListRoundTrips()
    {
        var random = new Random(42);
        byte[] buffer = new byte[4096];
        for (int iteration = 0; iteration < 500; iteration++)
        {
            int count = random.Next(1, 300);
            ushort seq = (ushort)random.Next(65536);
            ushort[] lost = new ushort[count];
            for (int i = 0; i < count; i++)
            {
                lost[i] = seq;
                seq += (ushort)random.Next(1, random.Next(2) == 0 ? 3 : 40);
            }

            Assert.True(GenericNack.TryWrite(buffer, 1, 2, lost, out int written));
            Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, written), out RtcpPacket packet));
            Assert.True(GenericNack.TryParse(packet, out GenericNack nack));
            var decoded = new List<ushort>();
            foreach (ushort s in nack.GetLostSequenceNumbers())
            {
                decoded.Add(s);
            }

            Assert.Equal(lost, decoded);
        }
    }

    [Fact]
    public void ReportBlocks_RoundTripThroughSenderAndReceiverReports()
    {
        var random = new Random(43);
        byte[] buffer = new byte[1024];
        for (int iteration = 0; iteration < 300; iteration++)
        {
            var blocks = new ReportBlock[random.Next(0, 32)];
            for (int i = 0; i < blocks.Length; i++)
            {
                blocks[i] = new ReportBlock
                {
                    Ssrc = (uint)random.NextInt64(0, 1L << 32),
                    FractionLost = (byte)random.Next(256),
                    CumulativeLost = random.Next(-0x800000, 0x800000),
                    HighestSequence = (uint)random.NextInt64(0, 1L << 32),
                    Jitter = (uint)random.Next(),
                    LastSenderReport = (uint)random.Next(),
                    DelaySinceLastSenderReport = (uint)random.Next(),
                };
            }

            Assert.True(ReceiverReport.TryWrite(buffer, 5, blocks, out int written));
            Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, written), out RtcpPacket packet));
            Assert.True(ReceiverReport.TryParse(packet, out ReceiverReport rr));
            Assert.Equal(blocks.Length, rr.ReportCount);
            for (int i = 0; i < blocks.Length; i++)
            {
                Assert.Equal(blocks[i], rr.GetReportBlock(i));
            }

            if (blocks.Length < 32)
            {
                Assert.True(SenderReport.TryWrite(buffer, 5, 1, 2, 3, 4, blocks, out written));
                Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, written), out packet));
                Assert.True(SenderReport.TryParse(packet, out SenderReport sr));
                Assert.Equal(blocks.Length, sr.ReportCount);
            }
        }

        Assert.False(ReceiverReport.TryWrite(buffer, 5, new ReportBlock[32], out _));
    }

    [Fact]
    public void Remb_AnyBitrateAndSsrcListRoundTrips()
    {
        var random = new Random(44);
        byte[] buffer = new byte[2048];
        for (int iteration = 0; iteration < 500; iteration++)
        {
            ulong bitrate = (ulong)random.NextInt64(0, long.MaxValue) >> random.Next(0, 63);
            uint[] ssrcs = new uint[random.Next(0, 20)];
            for (int i = 0; i < ssrcs.Length; i++)
            {
                ssrcs[i] = (uint)random.NextInt64(0, 1L << 32);
            }

            Assert.True(Remb.TryWrite(buffer, 9, bitrate, ssrcs, out int written));
            Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, written), out RtcpPacket packet));
            Assert.True(Remb.TryParse(packet, out Remb remb));
            Assert.True(remb.Bitrate <= bitrate && bitrate - remb.Bitrate <= bitrate >> 17);
            Assert.Equal(ssrcs.Length, remb.SsrcCount);
            for (int i = 0; i < ssrcs.Length; i++)
            {
                Assert.Equal(ssrcs[i], remb.GetSsrc(i));
            }
        }
    }
}
