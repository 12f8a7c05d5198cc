using VibezLive.Protocols.Demux;
using VibezLive.Protocols.Tests.Fuzz;
using VibezLive.Protocols.Tests.Rtcp;
using VibezLive.Protocols.Tests.Rtp;
using VibezLive.Protocols.Tests.Stun;

namespace VibezLive.Protocols.Tests.Demux;

public class PacketClassifierTests
{
    [Fact]
    public void RealPacketsOfEachKind()
    {
        Assert.Equal(PacketKind.Stun, PacketClassifier.Classify(Hex.Parse(Rfc5769Tests.SampleRequest)));
        Assert.Equal(PacketKind.Stun, PacketClassifier.Classify(Hex.Parse(Rfc5769Tests.SampleIpv6Response)));
        Assert.Equal(PacketKind.Rtp, PacketClassifier.Classify(RtpTestPackets.ChromiumVp8KeyFrame()));
        Assert.Equal(PacketKind.Rtp, PacketClassifier.Classify(RtpTestPackets.AudioWithCsrcsPaddingTwoByteExtension()));
        Assert.Equal(PacketKind.Rtcp, PacketClassifier.Classify(Hex.Parse(RtcpSamples.ReceiverReport)));
        Assert.Equal(PacketKind.Rtcp, PacketClassifier.Classify(Hex.Parse(RtcpSamples.PictureLossIndication)));

        // DTLS 1.2 ClientHello record header: content type 22, version 0xfefd, epoch, sequence, length.
        Assert.Equal(PacketKind.Dtls, PacketClassifier.Classify(Hex.Parse("16 fe fd 00 00 00 00 00 00 00 00 00 7c 01")));
    }

    [Theory]
    [InlineData(0, PacketKind.Stun)]
    [InlineData(3, PacketKind.Stun)]
    [InlineData(4, PacketKind.Unknown)]
    [InlineData(16, PacketKind.Unknown)]   // ZRTP
    [InlineData(19, PacketKind.Unknown)]
    [InlineData(20, PacketKind.Dtls)]
    [InlineData(63, PacketKind.Dtls)]
    [InlineData(64, PacketKind.Unknown)]   // TURN channel
    [InlineData(79, PacketKind.Unknown)]
    [InlineData(127, PacketKind.Unknown)]
    [InlineData(128, PacketKind.Rtp)]
    [InlineData(191, PacketKind.Rtp)]
    [InlineData(192, PacketKind.Unknown)]
    [InlineData(255, PacketKind.Unknown)]
    public void FirstByteRanges_Rfc7983(int firstByte, PacketKind expected)
    {
        byte[] datagram = new byte[64];
        datagram[0] = (byte)firstByte;
        datagram[1] = 96;
        if (expected == PacketKind.Stun)
        {
            datagram[4] = 0x21;
            datagram[5] = 0x12;
            datagram[6] = 0xa4;
            datagram[7] = 0x42;
        }

        Assert.Equal(expected, PacketClassifier.Classify(datagram));
    }

    [Theory]
    [InlineData(191, PacketKind.Rtp)]      // marker + PT 63
    [InlineData(192, PacketKind.Rtcp)]     // FIR (RFC 2032), first RTCP type in the RFC 5761 range
    [InlineData(200, PacketKind.Rtcp)]
    [InlineData(207, PacketKind.Rtcp)]
    [InlineData(223, PacketKind.Rtcp)]
    [InlineData(224, PacketKind.Rtp)]      // marker + PT 96
    [InlineData(96, PacketKind.Rtp)]
    public void SecondByte_SplitsRtpFromRtcp_Rfc5761(int secondByte, PacketKind expected)
    {
        byte[] datagram = new byte[20];
        datagram[0] = 0x80;
        datagram[1] = (byte)secondByte;
        Assert.Equal(expected, PacketClassifier.Classify(datagram));
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("80 60 00 01 00 00 00 00 00 00 00")]                      // RTP shorter than 12
    [InlineData("80 c8 00 00 00 00 00")]                                  // RTCP shorter than 8
    [InlineData("16 fe fd 00 00 00 00 00 00 00 00 00")]                   // DTLS shorter than 13
    [InlineData("00 01 00 00 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00")] // STUN shorter than 20
    [InlineData("00 01 00 00 21 12 a4 43 00 00 00 00 00 00 00 00 00 00 00 00")] // STUN with a wrong cookie
    public void TooShortOrWrongCookie_IsUnknown(string hex)
    {
        Assert.Equal(PacketKind.Unknown, PacketClassifier.Classify(Hex.Parse(hex)));
    }
}
