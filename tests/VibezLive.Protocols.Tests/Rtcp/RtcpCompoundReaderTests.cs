using VibezLive.Protocols.Rtcp;
using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Rtcp;

public class RtcpCompoundReaderTests
{
    [Fact]
    public void Compound_EnumeratesEveryPacketInOrder_KeepingUnknownRaw()
    {
        byte[] compound = RtcpSamples.Compound(
            RtcpSamples.ReceiverReport, RtcpSamples.SourceDescription, RtcpSamples.Remb, RtcpSamples.UnknownType, RtcpSamples.Goodbye);

        var reader = new RtcpCompoundReader(compound);
        var types = new List<RtcpPacketType>();
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            types.Add(packet.Type);
            if ((byte)packet.Type == 195)
            {
                Assert.Equal(Hex.Parse(RtcpSamples.UnknownType), packet.Data.ToArray());
                Assert.Equal(5u, packet.SenderSsrc);
            }
        }

        Assert.False(reader.IsMalformed);
        Assert.Equal(
            [RtcpPacketType.ReceiverReport, RtcpPacketType.SourceDescription, RtcpPacketType.PayloadFeedback, (RtcpPacketType)195, RtcpPacketType.Goodbye],
            types);
    }

    [Fact]
    public void ReducedSize_SingleFeedbackPacketIsRead()
    {
        var reader = new RtcpCompoundReader(Hex.Parse(RtcpSamples.PictureLossIndication));
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.Equal(RtcpPacketType.PayloadFeedback, packet.Type);
        Assert.Equal(1, packet.Count);
        Assert.Equal(1u, packet.SenderSsrc);
        Assert.Equal(0x11223344u, packet.MediaSsrc);
        Assert.False(reader.TryReadNext(out _));
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void LengthPastTheEnd_StopsAsMalformedAfterGoodPackets()
    {
        byte[] compound = RtcpSamples.Compound(RtcpSamples.PictureLossIndication, "81 c9 00 07 00 00 00 01");
        var reader = new RtcpCompoundReader(compound);
        Assert.True(reader.TryReadNext(out _));
        Assert.False(reader.TryReadNext(out _));
        Assert.True(reader.IsMalformed);
        Assert.False(reader.TryReadNext(out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("81 c9 00")]
    [InlineData("41 c9 00 01 00 00 00 01")]       // version 1
    [InlineData("a1 c9 00 01 00 00 00 00")]       // padding count 0
    [InlineData("a1 c9 00 01 00 00 00 09")]       // padding longer than the packet body
    [InlineData("81 c9 00 01 00 00 00 01 00")]    // trailing garbage byte
    public void Malformed_IsFlagged(string hex)
    {
        var reader = new RtcpCompoundReader(Hex.Parse(hex));
        while (reader.TryReadNext(out _))
        {
        }

        Assert.True(reader.IsMalformed);
    }

    [Fact]
    public void Padding_IsExcludedFromContent()
    {
        byte[] padded = Hex.Parse("a1 cb 00 02 11 22 33 44 00 00 00 04"); // BYE, one SSRC, 4 bytes of padding
        var reader = new RtcpCompoundReader(padded);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.Equal(4, packet.PaddingLength);
        Assert.Equal(8, packet.Content.Length);
        Assert.Equal(12, packet.Data.Length);
        Assert.True(Goodbye.TryParse(packet, out Goodbye bye));
        Assert.Equal(0, bye.Reason.Length);
    }

    [Fact]
    public void HugeNumberOfEmptyPackets_IsBounded()
    {
        byte[] compound = new byte[4 * (RtcpCompoundReader.MaxPackets + 1)];
        for (int i = 0; i < compound.Length; i += 4)
        {
            compound[i] = 0x80;
            compound[i + 1] = 203; // empty BYE
        }

        var reader = new RtcpCompoundReader(compound);
        int count = 0;
        while (reader.TryReadNext(out _))
        {
            count++;
        }

        Assert.Equal(RtcpCompoundReader.MaxPackets, count);
        Assert.True(reader.IsMalformed);
    }

    [Fact]
    public void SinglePacketParse_RequiresExactFit()
    {
        Assert.True(RtcpPacket.TryParse(Hex.Parse(RtcpSamples.PictureLossIndication), out _));
        Assert.False(RtcpPacket.TryParse(RtcpSamples.Compound(RtcpSamples.PictureLossIndication, RtcpSamples.PictureLossIndication), out _));
    }
}
