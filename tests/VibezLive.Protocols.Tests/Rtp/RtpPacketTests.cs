using VibezLive.Protocols.Rtp;
using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Rtp;

public class RtpPacketTests
{
    [Fact]
    public void ChromiumVp8Packet_ParsesHeaderExtensionsAndPayload()
    {
        byte[] datagram = RtpTestPackets.ChromiumVp8KeyFrame();

        Assert.True(RtpPacket.TryParse(datagram, out RtpPacket packet));
        Assert.True(packet.Marker);
        Assert.Equal(96, packet.PayloadType);
        Assert.Equal(0x1234, packet.SequenceNumber);
        Assert.Equal(0x5a5a5a5au, packet.Timestamp);
        Assert.Equal(0x11223344u, packet.Ssrc);
        Assert.Equal(0, packet.CsrcCount);
        Assert.True(packet.HasExtension);
        Assert.Equal(0xBEDE, packet.ExtensionProfile);
        Assert.Equal(12 + 4 + 12, packet.HeaderLength);
        Assert.Equal(0, packet.PaddingLength);
        Assert.Equal(datagram.AsSpan(28).ToArray(), packet.Payload.ToArray());

        Assert.True(packet.TryGetExtension(1, out ReadOnlySpan<byte> mid));
        Assert.Equal("0"u8.ToArray(), mid.ToArray());
        Assert.True(packet.TryGetExtension(4, out ReadOnlySpan<byte> absSendTime));
        Assert.Equal(Hex.Parse("0a bc de"), absSendTime.ToArray());
        Assert.True(packet.TryGetExtension(5, out ReadOnlySpan<byte> twcc));
        Assert.Equal(Hex.Parse("00 07"), twcc.ToArray());
        Assert.False(packet.TryGetExtension(2, out _));
        Assert.False(packet.TryGetExtension(0, out _));
    }

    [Fact]
    public void CsrcsPaddingAndTwoByteExtensions_AreHonoured()
    {
        byte[] datagram = RtpTestPackets.AudioWithCsrcsPaddingTwoByteExtension();

        Assert.True(RtpPacket.TryParse(datagram, out RtpPacket packet));
        Assert.False(packet.Marker);
        Assert.Equal(111, packet.PayloadType);
        Assert.Equal(2, packet.CsrcCount);
        Assert.Equal(1u, packet.GetCsrc(0));
        Assert.Equal(2u, packet.GetCsrc(1));
        Assert.Equal(0x1000, packet.ExtensionProfile);
        Assert.Equal(12 + 8 + 4 + 24, packet.HeaderLength);
        Assert.Equal(4, packet.PaddingLength);
        Assert.Equal(Hex.Parse("fc ff fe"), packet.Payload.ToArray());
        Assert.True(packet.TryGetExtension(1, out ReadOnlySpan<byte> level));
        Assert.Equal([0x85], level.ToArray());
        Assert.True(packet.TryGetExtension(20, out ReadOnlySpan<byte> big));
        Assert.Equal(16, big.Length);
        Assert.Equal(0x0f, big[15]);
    }

    [Fact]
    public void MinimalPacket_HasEmptyPayload()
    {
        Assert.True(RtpPacket.TryParse(Hex.Parse("80 00 00 00 00 00 00 00 00 00 00 00"), out RtpPacket packet));
        Assert.Equal(0, packet.Payload.Length);
        Assert.False(packet.HasExtension);
        Assert.Equal(0, packet.ExtensionProfile);
    }

    [Theory]
    [InlineData("80 00 00 00 00 00 00 00 00 00 00")]                         // 11 bytes
    [InlineData("40 00 00 00 00 00 00 00 00 00 00 00")]                      // version 1
    [InlineData("c0 00 00 00 00 00 00 00 00 00 00 00")]                      // version 3
    [InlineData("81 00 00 00 00 00 00 00 00 00 00 00")]                      // CSRC missing
    [InlineData("90 00 00 00 00 00 00 00 00 00 00 00 be de")]                // extension header cut
    [InlineData("90 00 00 00 00 00 00 00 00 00 00 00 be de 00 02 10 aa 00 00")] // extension longer than packet
    [InlineData("a0 00 00 00 00 00 00 00 00 00 00 00 01 02 00")]             // padding count 0
    [InlineData("a0 00 00 00 00 00 00 00 00 00 00 00 01 02 05")]             // padding longer than payload
    [InlineData("a0 00 00 00 00 00 00 00 00 00 00 00")]                      // padding bit, no room for count
    public void MalformedPackets_AreRejected(string hex)
    {
        Assert.False(RtpPacket.TryParse(Hex.Parse(hex), out _));
    }

    [Fact]
    public void EveryTruncation_IsRejectedOrConsistent()
    {
        byte[] datagram = RtpTestPackets.AudioWithCsrcsPaddingTwoByteExtension();
        for (int length = 0; length < datagram.Length; length++)
        {
            if (RtpPacket.TryParse(datagram.AsSpan(0, length), out RtpPacket packet))
            {
                Assert.True(packet.HeaderLength + packet.Payload.Length + packet.PaddingLength == length);
            }
        }
    }

    [Fact]
    public void HeaderSetters_RewriteInPlace()
    {
        byte[] datagram = RtpTestPackets.ChromiumVp8KeyFrame();

        RtpHeader.SetMarker(datagram, false);
        RtpHeader.SetPayloadType(datagram, 101);
        RtpHeader.SetSequenceNumber(datagram, 0xFFFF);
        RtpHeader.SetTimestamp(datagram, 0xDEADBEEF);
        RtpHeader.SetSsrc(datagram, 0xCAFEBABE);

        Assert.True(RtpPacket.TryParse(datagram, out RtpPacket packet));
        Assert.False(packet.Marker);
        Assert.Equal(101, packet.PayloadType);
        Assert.Equal(0xFFFF, packet.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, packet.Timestamp);
        Assert.Equal(0xCAFEBABEu, packet.Ssrc);
        Assert.True(packet.HasExtension);
        Assert.Equal(0x90, datagram[0]);

        RtpHeader.SetMarker(datagram, true);
        RtpHeader.SetPayloadType(datagram, 0xFF); // only 7 bits are the payload type
        Assert.True(RtpPacket.TryParse(datagram, out packet));
        Assert.True(packet.Marker);
        Assert.Equal(127, packet.PayloadType);
    }
}
