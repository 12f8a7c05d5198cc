using VibezLive.Media.Rtp;

namespace VibezLive.Media.Tests.Rtp;

public sealed class NackGeneratorTests
{
    [Fact]
    public void A_gap_is_nacked_at_once_then_retried_and_forgotten_when_the_packet_arrives()
    {
        var nack = new NackGenerator();
        nack.OnPacket(100, false, 0);
        nack.OnPacket(103, false, 1_000); // 101 and 102 missing
        Span<ushort> due = stackalloc ushort[16];

        Assert.Equal(2, nack.CollectDue(1_000, 0, due));
        Assert.Equal([101, 102], due[..2].ToArray());
        Assert.Equal(0, nack.CollectDue(20_000, 0, due));   // before the 40 ms retry interval
        nack.OnPacket(101, true, 30_000);                    // repaired by RTX
        Assert.Equal(1, nack.CollectDue(50_000, 0, due));
        Assert.Equal(102, due[0]);
    }

    [Fact]
    public void A_packet_is_given_up_after_ten_requests()
    {
        var nack = new NackGenerator();
        nack.OnPacket(1, false, 0);
        nack.OnPacket(3, false, 0);
        Span<ushort> due = stackalloc ushort[4];
        var requests = 0;
        for (long t = 0; t < 2_000_000; t += 50_000)
        {
            requests += nack.CollectDue(t, 0, due);
        }

        Assert.Equal(NackGenerator.MaxRetries, requests);
        Assert.Equal(0, nack.PendingCount);
    }

    [Fact]
    public void A_gap_too_large_to_repair_asks_for_a_key_frame_instead()
    {
        var nack = new NackGenerator();
        nack.OnPacket(0, false, 0);
        Assert.True(nack.OnPacket(5000, false, 0));
        Assert.Equal(0, nack.PendingCount);
    }
}
