using VibezLive.Protocols.Rtcp;
using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Rtcp;

/// <summary>
/// Feedback from a real Chromium 156 receiving VP8 with every 40th packet held back
/// (Fuzz/Corpora/chromium-feedback.txt, SRTCP-decrypted by capture-chromium-feedback.mjs). Reduced-size RTCP.
/// </summary>
public class ChromiumFeedbackCaptureTests
{
    private const uint MediaSsrc = 0x11112222;
    private static readonly IReadOnlyList<byte[]> Datagrams = FuzzCorpus.Load("chromium-feedback");

    private static List<TransportCcFeedback.PacketResult> Twcc(byte[] datagram, out TransportCcFeedback feedback)
    {
        var reader = new RtcpCompoundReader(datagram);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.False(reader.TryReadNext(out _));
        Assert.False(reader.IsMalformed);
        Assert.True(TransportCcFeedback.TryParse(packet, out feedback));
        var results = new List<TransportCcFeedback.PacketResult>();
        foreach (TransportCcFeedback.PacketResult result in feedback.GetPackets())
        {
            results.Add(result);
        }

        return results;
    }

    [Fact]
    public void TransportCc_RunLengthChunk()
    {
        var results = Twcc(Datagrams[0], out TransportCcFeedback feedback);
        Assert.Equal(1u, feedback.SenderSsrc);
        Assert.Equal(MediaSsrc, feedback.MediaSsrc);
        Assert.Equal(1, feedback.BaseSequenceNumber);
        Assert.Equal(0xd27d, feedback.ReferenceTime);
        Assert.Equal(0, feedback.FeedbackPacketCount);
        Assert.Equal(
            [new(1, TransportCcStatus.ReceivedSmallDelta, 246), new(2, TransportCcStatus.ReceivedSmallDelta, 2)],
            results);
    }

    [Fact]
    public void TransportCc_TwoBitVectorWithLossAndRtcpPadding()
    {
        var reader = new RtcpCompoundReader(Datagrams[1]);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.Equal(1, packet.PaddingLength); // libwebrtc pads TWCC with the RTCP P bit

        var results = Twcc(Datagrams[1], out TransportCcFeedback feedback);
        Assert.Equal(5, feedback.FeedbackPacketCount);
        Assert.Equal(
            [new(8, TransportCcStatus.NotReceived, 0), new(9, TransportCcStatus.ReceivedSmallDelta, 0x90)],
            results); // transport-wide seq 8 is the held-back RTP packet 1007
    }

    [Fact]
    public void ReceiverReport_Nack_ExtendedReport()
    {
        var reader = new RtcpCompoundReader(Datagrams[2]);
        Assert.True(reader.TryReadNext(out RtcpPacket rrPacket));
        Assert.True(ReceiverReport.TryParse(rrPacket, out ReceiverReport rr));
        Assert.Equal(1u, rr.Ssrc);
        ReportBlock block = rr.GetReportBlock(0);
        Assert.Equal(MediaSsrc, block.Ssrc);
        Assert.Equal(1006u, block.HighestSequence);
        Assert.Equal(0xbau, block.Jitter);
        Assert.Equal(0u, block.LastSenderReport); // no SR was sent

        Assert.True(reader.TryReadNext(out RtcpPacket nackPacket));
        Assert.True(GenericNack.TryParse(nackPacket, out GenericNack nack));
        Assert.Equal(MediaSsrc, nack.MediaSsrc);
        var lost = new List<ushort>();
        foreach (ushort seq in nack.GetLostSequenceNumbers())
        {
            lost.Add(seq);
        }

        Assert.Equal([1007], lost);

        Assert.True(reader.TryReadNext(out RtcpPacket xr));
        Assert.Equal(RtcpPacketType.ExtendedReport, xr.Type); // RRTR (RFC 3611 §4.4), kept raw
        Assert.Equal(20, xr.Data.Length);
        Assert.False(reader.TryReadNext(out _));
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void ReceiverReport_PictureLossIndication()
    {
        var reader = new RtcpCompoundReader(Datagrams[3]);
        Assert.True(reader.TryReadNext(out RtcpPacket rrPacket));
        Assert.True(ReceiverReport.TryParse(rrPacket, out ReceiverReport rr));
        Assert.Equal(2, rr.GetReportBlock(0).CumulativeLost);
        Assert.Equal(1078u, rr.GetReportBlock(0).HighestSequence);

        Assert.True(reader.TryReadNext(out RtcpPacket pliPacket));
        Assert.True(PictureLossIndication.TryParse(pliPacket, out PictureLossIndication pli));
        Assert.Equal(1u, pli.SenderSsrc);
        Assert.Equal(MediaSsrc, pli.MediaSsrc);
        Assert.True(reader.TryReadNext(out RtcpPacket xr));
        Assert.Equal(RtcpPacketType.ExtendedReport, xr.Type);
    }

    [Fact]
    public void ReceiverReport_AloneWithExtendedReport()
    {
        var reader = new RtcpCompoundReader(Datagrams[4]);
        Assert.True(reader.TryReadNext(out RtcpPacket rrPacket));
        Assert.True(ReceiverReport.TryParse(rrPacket, out ReceiverReport rr));
        Assert.Equal(4, rr.GetReportBlock(0).CumulativeLost);
        Assert.True(reader.TryReadNext(out RtcpPacket xr));
        Assert.Equal(RtcpPacketType.ExtendedReport, xr.Type);
        Assert.False(reader.TryReadNext(out _));
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void ReceiverReportWriter_ReproducesChromiumsReport()
    {
        var reader = new RtcpCompoundReader(Datagrams[2]);
        Assert.True(reader.TryReadNext(out RtcpPacket rrPacket));
        Assert.True(ReceiverReport.TryParse(rrPacket, out ReceiverReport rr));
        byte[] buffer = new byte[64];
        Assert.True(ReceiverReport.TryWrite(buffer, rr.Ssrc, [rr.GetReportBlock(0)], out int written));
        Assert.Equal(rrPacket.Data.ToArray(), buffer.AsSpan(0, written).ToArray());

        Assert.True(GenericNack.TryWrite(buffer, 1, MediaSsrc, [1007], out written));
        Assert.Equal(Datagrams[2].AsSpan(32, 16).ToArray(), buffer.AsSpan(0, written).ToArray());
        Assert.True(PictureLossIndication.TryWrite(buffer, 1, MediaSsrc, out written));
        Assert.Equal(Datagrams[3].AsSpan(32, 12).ToArray(), buffer.AsSpan(0, written).ToArray());
    }
}
