using System.Text;
using VibezLive.Protocols.Rtcp;
using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Rtcp;

public class RtcpPacketTests
{
    private static RtcpPacket Single(byte[] data)
    {
        Assert.True(RtcpPacket.TryParse(data, out RtcpPacket packet));
        return packet;
    }

    [Fact]
    public void ReceiverReport_ParsesReportBlockWithNegativeLoss()
    {
        byte[] data = Hex.Parse(RtcpSamples.ReceiverReport);
        Assert.True(ReceiverReport.TryParse(Single(data), out ReceiverReport rr));
        Assert.Equal(1u, rr.Ssrc);
        Assert.Equal(1, rr.ReportCount);
        ReportBlock block = rr.GetReportBlock(0);
        Assert.Equal(0x11223344u, block.Ssrc);
        Assert.Equal(5, block.FractionLost);
        Assert.Equal(-1, block.CumulativeLost);
        Assert.Equal(0x00011234u, block.HighestSequence);
        Assert.Equal(32u, block.Jitter);
        Assert.Equal(0xabcdef01u, block.LastSenderReport);
        Assert.Equal(0x00018000u, block.DelaySinceLastSenderReport);
        bool threw = false;
        try
        {
            rr.GetReportBlock(1);
        }
        catch (ArgumentOutOfRangeException)
        {
            threw = true;
        }

        Assert.True(threw);
    }

    [Fact]
    public void ReceiverReport_WriterReproducesSample()
    {
        byte[] expected = Hex.Parse(RtcpSamples.ReceiverReport);
        Assert.True(ReceiverReport.TryParse(Single(expected), out ReceiverReport rr));
        ReportBlock[] blocks = [rr.GetReportBlock(0)];
        byte[] buffer = new byte[64];

        Assert.True(ReceiverReport.TryWrite(buffer, 1, blocks, out int written));
        Assert.Equal(expected, buffer.AsSpan(0, written).ToArray());
        Assert.False(ReceiverReport.TryWrite(buffer.AsSpan(0, 31), 1, blocks, out _));
    }

    [Fact]
    public void SenderReport_RoundTrips()
    {
        ReportBlock[] blocks =
        [
            new() { Ssrc = 7, FractionLost = 1, CumulativeLost = 0x7FFFFF, HighestSequence = 70000, Jitter = 3, LastSenderReport = 4, DelaySinceLastSenderReport = 5 },
            new() { Ssrc = 8, CumulativeLost = -0x800000 },
        ];
        byte[] buffer = new byte[SenderReport.GetLength(2)];

        Assert.True(SenderReport.TryWrite(buffer, 0xAABBCCDD, 0xE1234567_89ABCDEF, 90000, 1000, 1_200_000, blocks, out int written));
        Assert.Equal(28 + 48, written);

        var reader = new RtcpCompoundReader(buffer);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.Equal(0xAABBCCDDu, packet.SenderSsrc);
        Assert.True(SenderReport.TryParse(packet, out SenderReport sr));
        Assert.Equal(0xAABBCCDDu, sr.Ssrc);
        Assert.Equal(0xE1234567_89ABCDEFul, sr.NtpTimestamp);
        Assert.Equal(90000u, sr.RtpTimestamp);
        Assert.Equal(1000u, sr.PacketCount);
        Assert.Equal(1_200_000u, sr.OctetCount);
        Assert.Equal(2, sr.ReportCount);
        Assert.Equal(blocks[0], sr.GetReportBlock(0));
        Assert.Equal(blocks[1], sr.GetReportBlock(1));
        Assert.False(ReceiverReport.TryParse(packet, out _));
    }

    [Fact]
    public void ReportCountLargerThanPacket_IsRejected()
    {
        // RC = 31 but no blocks: the count must not be trusted.
        Assert.False(ReceiverReport.TryParse(Single(Hex.Parse("9f c9 00 01 00 00 00 01")), out _));
        Assert.False(SenderReport.TryParse(Single(Hex.Parse("81 c8 00 06 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")), out _));
    }

    [Fact]
    public void SourceDescription_FindsCnameAndRoundTrips()
    {
        byte[] expected = Hex.Parse(RtcpSamples.SourceDescription);
        Assert.True(SourceDescription.TryParse(Single(expected), out SourceDescription sdes));
        Assert.True(sdes.TryGetCName(out uint ssrc, out ReadOnlySpan<byte> cname));
        Assert.Equal(1u, ssrc);
        Assert.Equal("abcde", Encoding.ASCII.GetString(cname));

        byte[] buffer = new byte[64];
        Assert.True(SourceDescription.TryWrite(buffer, 1, "abcde"u8, out int written));
        Assert.Equal(expected, buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void SourceDescription_MultipleChunksAndItems()
    {
        byte[] data = Hex.Parse("""
            82 ca 00 06
            00 00 00 01  01 02 61 62  06 01 74 00    # CNAME "ab", TOOL "t", end (aligned)
            00 00 00 02  01 03 78 79  7a 00 00 00    # CNAME "xyz", end + padding
            """);
        Assert.True(SourceDescription.TryParse(Single(data), out SourceDescription sdes));
        SdesItemReader items = sdes.GetItems();
        var seen = new List<(uint, SdesItemType, string)>();
        while (items.TryReadNext(out uint ssrc, out SdesItemType type, out ReadOnlySpan<byte> value))
        {
            seen.Add((ssrc, type, Encoding.ASCII.GetString(value)));
        }

        Assert.Equal([(1u, SdesItemType.CName, "ab"), (1u, SdesItemType.Tool, "t"), (2u, SdesItemType.CName, "xyz")], seen);
    }

    [Theory]
    [InlineData("81 ca 00 02 00 00 00 01 01 05 61 62")]   // item runs past the packet
    [InlineData("81 ca 00 02 00 00 00 01 01 02 61 62")]   // no null octet
    [InlineData("82 ca 00 02 00 00 00 01 00 00 00 00")]   // second chunk missing
    public void SourceDescription_Malformed(string hex)
    {
        Assert.False(SourceDescription.TryParse(Single(Hex.Parse(hex)), out _));
    }

    [Fact]
    public void Goodbye_ParsesAndRoundTrips()
    {
        byte[] expected = Hex.Parse(RtcpSamples.Goodbye);
        Assert.True(Goodbye.TryParse(Single(expected), out Goodbye bye));
        Assert.Equal(1, bye.SourceCount);
        Assert.Equal(0x11223344u, bye.GetSsrc(0));
        Assert.Equal("bye", Encoding.ASCII.GetString(bye.Reason));

        byte[] buffer = new byte[32];
        Assert.True(Goodbye.TryWrite(buffer, [0x11223344u], "bye"u8, out int written));
        Assert.Equal(expected, buffer.AsSpan(0, written).ToArray());

        Assert.False(Goodbye.TryParse(Single(Hex.Parse("81 cb 00 02 11 22 33 44 09 62 79 65")), out _)); // reason too long
        Assert.False(Goodbye.TryParse(Single(Hex.Parse("83 cb 00 01 11 22 33 44")), out _));             // SC too large
    }

    [Fact]
    public void ApplicationDefined_ParsesAndRoundTrips()
    {
        byte[] expected = Hex.Parse(RtcpSamples.ApplicationDefined);
        Assert.True(ApplicationDefined.TryParse(Single(expected), out ApplicationDefined app));
        Assert.Equal(0, app.Subtype);
        Assert.Equal(7u, app.Ssrc);
        Assert.Equal("name", Encoding.ASCII.GetString(app.Name));
        Assert.Equal(Hex.Parse("00 00 00 01"), app.ApplicationData.ToArray());

        byte[] buffer = new byte[32];
        Assert.True(ApplicationDefined.TryWrite(buffer, 0, 7, "name"u8, Hex.Parse("00 00 00 01"), out int written));
        Assert.Equal(expected, buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void PictureLossIndication_ParsesAndRoundTrips()
    {
        byte[] expected = Hex.Parse(RtcpSamples.PictureLossIndication);
        Assert.True(PictureLossIndication.TryParse(Single(expected), out PictureLossIndication pli));
        Assert.Equal(1u, pli.SenderSsrc);
        Assert.Equal(0x11223344u, pli.MediaSsrc);
        Assert.False(FullIntraRequest.TryParse(Single(expected), out _));
        Assert.False(Remb.TryParse(Single(expected), out _));

        byte[] buffer = new byte[12];
        Assert.True(PictureLossIndication.TryWrite(buffer, 1, 0x11223344, out int written));
        Assert.Equal(expected, buffer.AsSpan(0, written).ToArray());
        Assert.False(PictureLossIndication.TryWrite(buffer.AsSpan(0, 11), 1, 2, out _));
    }

    [Fact]
    public void FullIntraRequest_ParsesAndRoundTrips()
    {
        byte[] expected = Hex.Parse(RtcpSamples.FullIntraRequest);
        Assert.True(FullIntraRequest.TryParse(Single(expected), out FullIntraRequest fir));
        Assert.Equal(1u, fir.SenderSsrc);
        Assert.Equal(1, fir.EntryCount);
        Assert.Equal(0x11223344u, fir.GetSsrc(0));
        Assert.True(fir.TryGetSequenceNumber(0x11223344, out byte seq));
        Assert.Equal(7, seq);
        Assert.False(fir.TryGetSequenceNumber(5, out _));

        byte[] buffer = new byte[FullIntraRequest.Length];
        Assert.True(FullIntraRequest.TryWrite(buffer, 1, 0x11223344, 7, out int written));
        Assert.Equal(expected, buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Remb_ParsesAndRoundTrips()
    {
        byte[] expected = Hex.Parse(RtcpSamples.Remb);
        Assert.True(Remb.TryParse(Single(expected), out Remb remb));
        Assert.Equal(1u, remb.SenderSsrc);
        Assert.Equal(1_000_000ul, remb.Bitrate);
        Assert.Equal(1, remb.SsrcCount);
        Assert.Equal(0x11223344u, remb.GetSsrc(0));

        byte[] buffer = new byte[64];
        Assert.True(Remb.TryWrite(buffer, 1, 1_000_000, [0x11223344u], out int written));
        Assert.Equal(expected, buffer.AsSpan(0, written).ToArray());
    }

    [Theory]
    [InlineData(0ul)]
    [InlineData(262_143ul)]
    [InlineData(2_500_000ul)]
    [InlineData(123_456_789_012ul)]
    public void Remb_BitrateLosesOnlyLowBits(ulong bitrate)
    {
        byte[] buffer = new byte[64];
        Assert.True(Remb.TryWrite(buffer, 1, bitrate, [], out int written));
        Assert.True(Remb.TryParse(Single(buffer.AsSpan(0, written).ToArray()), out Remb remb));
        Assert.True(remb.Bitrate <= bitrate);
        Assert.True(bitrate - remb.Bitrate <= bitrate >> 17);
    }

    [Fact]
    public void Remb_SsrcCountPastPacket_IsRejected()
    {
        byte[] data = Hex.Parse(RtcpSamples.Remb);
        data[16] = 2;
        Assert.False(Remb.TryParse(Single(data), out _));
    }

    [Fact]
    public void GenericNack_EnumeratesLostSequenceNumbers()
    {
        Assert.True(GenericNack.TryParse(Single(Hex.Parse(RtcpSamples.GenericNack)), out GenericNack nack));
        Assert.Equal(1u, nack.SenderSsrc);
        Assert.Equal(0x11223344u, nack.MediaSsrc);
        Assert.Equal(1, nack.ItemCount);
        var lost = new List<ushort>();
        foreach (ushort seq in nack.GetLostSequenceNumbers())
        {
            lost.Add(seq);
        }

        Assert.Equal([100, 101, 103], lost);
    }

    [Fact]
    public void GenericNack_WriterPacksAcrossWraparound()
    {
        ushort[] lost = [65530, 65531, 65535, 0, 10, 11, 40];
        byte[] buffer = new byte[64];

        Assert.True(GenericNack.TryWrite(buffer, 1, 2, lost, out int written));
        Assert.Equal(GenericNack.GetLength(lost), written);
        Assert.Equal(12 + (3 * 4), written); // PID 65530 (BLP +1 +5 +6 +16), PID 11, PID 40

        Assert.True(GenericNack.TryParse(Single(buffer.AsSpan(0, written).ToArray()), out GenericNack nack));
        var decoded = new List<ushort>();
        foreach (ushort seq in nack.GetLostSequenceNumbers())
        {
            decoded.Add(seq);
        }

        Assert.Equal(lost, decoded);
        Assert.False(GenericNack.TryWrite(buffer, 1, 2, [], out _));
    }

    [Fact]
    public void GenericNack_WrongFormat_IsNotANack()
    {
        Assert.False(GenericNack.TryParse(Single(Hex.Parse(RtcpSamples.TransportCcRunLength)), out _));
        Assert.False(GenericNack.TryParse(Single(Hex.Parse("81 cd 00 02 00 00 00 01 11 22 33 44")), out _)); // no FCI
    }
}
