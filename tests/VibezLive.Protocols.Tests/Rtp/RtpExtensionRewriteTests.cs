using System.Text;
using VibezLive.Protocols.Rtp;

namespace VibezLive.Protocols.Tests.Rtp;

/// <summary>
/// <see cref="RtpHeaderExtensions.TryCopyWithExtensions"/>: a consumer stamps its own MID (RFC 8843), whose length
/// differs from the sender's, while the other elements, the payload and the padding survive.
/// </summary>
public class RtpExtensionRewriteTests
{
    private static byte[] IdentityMap(params byte[] ids)
    {
        var map = new byte[256];
        foreach (var id in ids)
        {
            map[id] = id;
        }

        return map;
    }

    [Fact]
    public void Replaces_a_one_character_mid_with_a_longer_one_and_keeps_everything_else()
    {
        byte[] source = RtpTestPackets.ChromiumVp8KeyFrame();
        Assert.True(RtpPacket.TryParse(source, out var original));
        byte[] payload = original.Payload.ToArray();
        Assert.True(original.TryGetExtension(4, out var absSendTime));
        byte[] abs = absSendTime.ToArray();

        var destination = new byte[source.Length + 64];
        Assert.True(RtpHeaderExtensions.TryCopyWithExtensions(source, destination, IdentityMap(1, 4, 5), 1, "12"u8, out int written));

        Assert.True(RtpPacket.TryParse(destination.AsSpan(0, written), out var rewritten));
        Assert.True(rewritten.TryGetExtension(1, out var mid));
        Assert.Equal("12", Encoding.ASCII.GetString(mid));
        Assert.True(rewritten.TryGetExtension(4, out var abs2));
        Assert.Equal(abs, abs2.ToArray());
        Assert.True(rewritten.TryGetExtension(5, out _));
        Assert.Equal(payload, rewritten.Payload.ToArray());
        Assert.Equal(original.SequenceNumber, rewritten.SequenceNumber);
        Assert.Equal(original.Ssrc, rewritten.Ssrc);
        Assert.Equal(RtpHeaderExtensionReader.OneByteProfile, rewritten.ExtensionProfile);
        Assert.Equal(0, (rewritten.HeaderLength - 12) % 4);
    }

    [Fact]
    public void Adds_the_mid_when_the_packet_has_no_extension_block()
    {
        byte[] source = [0x80, 0x60, 0x00, 0x01, 0, 0, 0, 1, 0, 0, 0, 2, 0xAA, 0xBB];
        var destination = new byte[64];
        Assert.True(RtpHeaderExtensions.TryCopyWithExtensions(source, destination, new byte[256], 3, "7"u8, out int written));
        Assert.True(RtpPacket.TryParse(destination.AsSpan(0, written), out var packet));
        Assert.True(packet.HasExtension);
        Assert.True(packet.TryGetExtension(3, out var mid));
        Assert.Equal("7"u8.ToArray(), mid.ToArray());
        Assert.Equal([0xAA, 0xBB], packet.Payload.ToArray());
    }

    [Fact]
    public void Drops_unmapped_elements_and_removes_an_empty_block()
    {
        byte[] source = RtpTestPackets.ChromiumVp8KeyFrame();
        var destination = new byte[source.Length];
        Assert.True(RtpHeaderExtensions.TryCopyWithExtensions(source, destination, new byte[256], 0, default, out int written));
        Assert.True(RtpPacket.TryParse(destination.AsSpan(0, written), out var packet));
        Assert.False(packet.HasExtension);
        Assert.True(RtpPacket.TryParse(source, out var original));
        Assert.Equal(original.Payload.ToArray(), packet.Payload.ToArray());
    }

    [Fact]
    public void Keeps_two_byte_form_csrcs_and_padding()
    {
        byte[] source = RtpTestPackets.AudioWithCsrcsPaddingTwoByteExtension();
        var destination = new byte[source.Length + 32];
        Assert.True(RtpHeaderExtensions.TryCopyWithExtensions(source, destination, IdentityMap(1, 20), 2, "abc"u8, out int written));
        Assert.True(RtpPacket.TryParse(destination.AsSpan(0, written), out var packet));
        Assert.Equal(2, packet.CsrcCount);
        Assert.Equal(4, packet.PaddingLength);
        Assert.True(packet.TryGetExtension(20, out var big));
        Assert.Equal(16, big.Length);
        Assert.True(packet.TryGetExtension(2, out var mid));
        Assert.Equal("abc"u8.ToArray(), mid.ToArray());
        Assert.Equal([0xfc, 0xff, 0xfe], packet.Payload.ToArray());
    }

    [Fact]
    public void Refuses_truncated_packets_and_small_destinations()
    {
        byte[] source = RtpTestPackets.ChromiumVp8KeyFrame();
        var destination = new byte[source.Length + 64];
        for (int length = 0; length < 28; length++)
        {
            _ = RtpHeaderExtensions.TryCopyWithExtensions(source.AsSpan(0, length), destination, IdentityMap(1), 1, "5"u8, out int written);
            Assert.True(written <= destination.Length);
        }

        Assert.False(RtpHeaderExtensions.TryCopyWithExtensions(source, new byte[20], IdentityMap(1), 1, "5"u8, out _));
    }

    [Fact]
    public void Allocates_nothing()
    {
        byte[] source = RtpTestPackets.Video1200();
        var destination = new byte[1300];
        byte[] map = IdentityMap(1, 4, 5);
        byte[] mid = "10"u8.ToArray();
        RtpHeaderExtensions.TryCopyWithExtensions(source, destination, map, 1, mid, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            RtpHeaderExtensions.TryCopyWithExtensions(source, destination, map, 1, mid, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
