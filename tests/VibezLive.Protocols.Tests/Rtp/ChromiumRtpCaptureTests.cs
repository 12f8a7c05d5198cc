using VibezLive.Protocols.Codecs;
using VibezLive.Protocols.Demux;
using VibezLive.Protocols.Rtp;
using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Rtp;

/// <summary>
/// RTP packets from a real Chromium 156 (Fuzz/Corpora/chromium-rtp.txt, SRTP-decrypted by capture-chromium-media.mjs).
/// </summary>
public class ChromiumRtpCaptureTests
{
    private static readonly IReadOnlyList<byte[]> Packets = FuzzCorpus.Load("chromium-rtp");

    [Fact]
    public void Opus_WithAudioLevelMidTransportSequence()
    {
        byte[] datagram = Packets[0];
        Assert.Equal(PacketKind.Rtp, PacketClassifier.Classify(datagram));
        Assert.True(RtpPacket.TryParse(datagram, out RtpPacket packet));
        Assert.Equal(111, packet.PayloadType);
        Assert.True(packet.Marker); // first packet of a talk spurt
        Assert.Equal(18781, packet.SequenceNumber);
        Assert.Equal(0x67e165cdu, packet.Timestamp);
        Assert.Equal(0x873c9a57u, packet.Ssrc);
        Assert.Equal(0xBEDE, packet.ExtensionProfile);
        Assert.Equal(28, packet.HeaderLength);
        Assert.Equal(32, packet.Payload.Length);
        Assert.True(packet.TryGetExtension(1, out ReadOnlySpan<byte> level));
        Assert.Equal([0xff], level.ToArray()); // voice activity, -127 dBov
        Assert.True(packet.TryGetExtension(4, out ReadOnlySpan<byte> mid));
        Assert.Equal("0"u8.ToArray(), mid.ToArray());
        Assert.True(packet.TryGetExtension(3, out ReadOnlySpan<byte> transportSeq));
        Assert.Equal([0x00, 0x01], transportSeq.ToArray());
        Assert.False(KeyFrameDetector.IsKeyFrame("audio/opus", packet.Payload));
    }

    [Fact]
    public void Vp8KeyFrame_FirstPacketStartsAKeyFrame()
    {
        Assert.True(RtpPacket.TryParse(Packets[1], out RtpPacket packet));
        Assert.Equal(96, packet.PayloadType);
        Assert.False(packet.Marker);
        Assert.Equal(21555, packet.SequenceNumber);
        Assert.Equal(0xc777d6acu, packet.Ssrc);
        Assert.True(packet.TryGetExtension(4, out ReadOnlySpan<byte> mid));
        Assert.Equal("1"u8.ToArray(), mid.ToArray());

        Assert.True(Vp8PayloadDescriptor.TryParse(packet.Payload, out Vp8Descriptor d));
        Assert.True(d.IsKeyFrame);
        Assert.True(d.StartOfPartition);
        Assert.Equal(0, d.PartitionId);
        Assert.Equal(0x3e93, d.PictureId);
        Assert.Equal(15, d.PictureIdBits);
        Assert.Equal(4, d.HeaderLength);
        Assert.True(KeyFrameDetector.IsKeyFrame("video/VP8", packet.Payload));
    }

    [Fact]
    public void Vp8KeyFrame_LastPacketHasMarkerAndMoreExtensions()
    {
        Assert.True(RtpPacket.TryParse(Packets[2], out RtpPacket packet));
        Assert.True(packet.Marker);
        Assert.Equal(21556, packet.SequenceNumber);
        Assert.Equal(48, packet.HeaderLength);
        Assert.True(packet.TryGetExtension(7, out ReadOnlySpan<byte> seven));
        Assert.Equal(13, seven.Length);
        Assert.True(packet.TryGetExtension(8, out ReadOnlySpan<byte> eight));
        Assert.Equal(4, eight.Length);
        Assert.True(packet.TryGetExtension(13, out ReadOnlySpan<byte> thirteen));
        Assert.Single(thirteen.ToArray());

        Assert.True(Vp8PayloadDescriptor.TryParse(packet.Payload, out Vp8Descriptor d));
        Assert.False(d.StartOfPartition);
        Assert.False(d.IsKeyFrame);
        Assert.Equal(0x3e93, d.PictureId);
    }

    [Fact]
    public void Vp8InterFrame_IsNotAKeyFrame()
    {
        Assert.True(RtpPacket.TryParse(Packets[3], out RtpPacket packet));
        Assert.True(Vp8PayloadDescriptor.TryParse(packet.Payload, out Vp8Descriptor d));
        Assert.True(d.StartOfPartition);
        Assert.False(d.IsKeyFrame);
        Assert.Equal(0x3e94, d.PictureId);
    }

    [Fact]
    public void RtxPaddingProbe_IsAllPadding()
    {
        Assert.True(RtpPacket.TryParse(Packets[4], out RtpPacket packet));
        Assert.Equal(97, packet.PayloadType);
        Assert.Equal(0x38fad979u, packet.Ssrc);
        Assert.Equal(255, packet.PaddingLength);
        Assert.Equal(0, packet.Payload.Length);
        Assert.True(packet.TryGetExtension(3, out _));
    }

    [Fact]
    public void RealPackets_SurviveForwardingRewrite()
    {
        byte[] map = Rfc8285Tests.Identity();
        map[4] = 10; // mid moves to id 10
        map[2] = 0;  // abs-send-time is not negotiated with the consumer
        foreach (byte[] original in Packets)
        {
            byte[] datagram = (byte[])original.Clone();
            Assert.True(RtpPacket.TryParse(original, out RtpPacket before));
            before.TryGetExtension(3, out ReadOnlySpan<byte> transportSeq);
            byte[] expectedTransportSeq = transportSeq.ToArray();

            Assert.True(RtpHeaderExtensions.RemapIds(datagram, map));
            RtpHeader.SetSsrc(datagram, 0x01020304);
            RtpHeader.SetSequenceNumber(datagram, 7);

            Assert.True(RtpPacket.TryParse(datagram, out RtpPacket after));
            Assert.Equal(0x01020304u, after.Ssrc);
            Assert.Equal(7, after.SequenceNumber);
            Assert.Equal(before.Payload.ToArray(), after.Payload.ToArray());
            Assert.False(after.TryGetExtension(2, out _));
            Assert.False(after.TryGetExtension(4, out _));
            Assert.True(after.TryGetExtension(10, out ReadOnlySpan<byte> mid));
            Assert.Single(mid.ToArray());
            Assert.True(after.TryGetExtension(3, out ReadOnlySpan<byte> seq));
            Assert.Equal(expectedTransportSeq, seq.ToArray());
        }
    }
}
