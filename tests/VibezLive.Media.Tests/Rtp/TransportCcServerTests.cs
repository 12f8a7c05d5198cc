using VibezLive.Media.Rtp;
using VibezLive.Protocols.Rtcp;

namespace VibezLive.Media.Tests.Rtp;

public sealed class TransportCcServerTests
{
    [Fact]
    public void Feedback_reports_every_packet_since_the_last_one_with_arrival_deltas()
    {
        var server = new TransportCcServer();
        server.OnPacket(10, 1_000_000);
        server.OnPacket(11, 1_005_000);
        server.OnPacket(13, 1_020_000); // 12 lost
        var buffer = new byte[1500];

        Assert.True(server.IsDue(1_200_000));
        var length = server.WriteFeedback(buffer, 1, 2, 1_200_000);

        Assert.True(length > 0);
        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.True(TransportCcFeedback.TryParse(packet, out var feedback));
        Assert.Equal(10, feedback.BaseSequenceNumber);
        Assert.Equal(4, feedback.PacketStatusCount);
        Assert.False(server.IsDue(1_400_000)); // nothing new
        server.OnPacket(14, 1_300_000);
        Assert.True(server.IsDue(1_400_000));
        length = server.WriteFeedback(buffer, 1, 2, 1_400_000);
        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out packet));
        Assert.True(TransportCcFeedback.TryParse(packet, out feedback));
        Assert.Equal(14, feedback.BaseSequenceNumber);
        Assert.Equal(1, feedback.FeedbackPacketCount);
    }
}
