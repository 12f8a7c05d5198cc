using VibezLive.Media.Rtp;

namespace VibezLive.Media.Tests.Rtp;

public sealed class RtpStreamRecvTests
{
    [Fact]
    public void Report_blocks_carry_fraction_and_cumulative_loss_per_RFC_3550_A3()
    {
        var stream = new RtpStreamRecv(1234, null, 5678, "video/VP8", 90000, isVideo: true, storePackets: false);
        for (ushort seq = 65530; seq != 10; seq++) // across the wrap: 16 expected
        {
            if (seq % 4 != 0)
            {
                stream.OnPacket(seq, seq * 3000u, 100, seq * 1000L, retransmitted: false);
            }
        }

        var block = stream.BuildReportBlock(1_000_000);

        Assert.Equal(1234u, block.Ssrc);
        Assert.Equal(4, block.CumulativeLost);          // 65532, 0, 4, 8
        Assert.Equal((byte)(4 * 256 / 16), block.FractionLost);
        Assert.Equal(65536u + 9, block.HighestSequence); // one cycle + 9
        Assert.Equal(0u, block.LastSenderReport);
    }

    [Fact]
    public void Lsr_and_dlsr_come_from_the_last_sender_report()
    {
        var stream = new RtpStreamRecv(1, null, 2, "audio/opus", 48000, isVideo: false, storePackets: false);
        stream.OnPacket(1, 0, 100, 0, false);
        stream.OnSenderReport(0x1122334455667788, 1000, 1_000_000);

        var block = stream.BuildReportBlock(1_500_000);

        Assert.Equal(0x33445566u, block.LastSenderReport);
        Assert.Equal(32768u, block.DelaySinceLastSenderReport); // 0.5 s in 1/65536 s
    }
}
