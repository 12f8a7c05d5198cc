using VibezLive.Protocols.Rtp;
using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Rtp;

/// <summary>The header extension layouts drawn in RFC 8285 §4.2 (one-byte) and §4.3 (two-byte), with ids 1, 2, 3.</summary>
public class Rfc8285Tests
{
    private const string FixedHeader = "90 60 00 01 00 00 00 64 00 00 00 2a";

    // §4.2 figure: ID L=0 data | ID L=1 data data | 0 (pad) | 0 (pad) | ID L=3 data x4
    private static byte[] OneByteExample() => Hex.Parse(FixedHeader + """
         be de 00 03
         10 aa  21 bb bb  00 00  33 cc cc cc cc
         01 02 03
        """);

    // §4.3 figure: ID L=0 | ID L=1 data | 0 (pad) | ID L=4 data x4
    private static byte[] TwoByteExample() => Hex.Parse(FixedHeader + """
         10 00 00 03
         01 00  02 01 bb  00  03 04 cc cc cc cc
         01 02 03
        """);

    [Fact]
    public void OneByteForm_ReadsEveryElement()
    {
        Assert.True(RtpPacket.TryParse(OneByteExample(), out RtpPacket packet));
        Assert.True(packet.TryGetExtension(1, out ReadOnlySpan<byte> one));
        Assert.Equal([0xaa], one.ToArray());
        Assert.True(packet.TryGetExtension(2, out ReadOnlySpan<byte> two));
        Assert.Equal([0xbb, 0xbb], two.ToArray());
        Assert.True(packet.TryGetExtension(3, out ReadOnlySpan<byte> three));
        Assert.Equal([0xcc, 0xcc, 0xcc, 0xcc], three.ToArray());
        Assert.Equal([1, 2, 3], packet.Payload.ToArray());
    }

    [Fact]
    public void TwoByteForm_ReadsEveryElementIncludingEmptyOne()
    {
        Assert.True(RtpPacket.TryParse(TwoByteExample(), out RtpPacket packet));
        Assert.True(packet.TryGetExtension(1, out ReadOnlySpan<byte> one));
        Assert.Equal(0, one.Length);
        Assert.True(packet.TryGetExtension(2, out ReadOnlySpan<byte> two));
        Assert.Equal([0xbb], two.ToArray());
        Assert.True(packet.TryGetExtension(3, out ReadOnlySpan<byte> three));
        Assert.Equal([0xcc, 0xcc, 0xcc, 0xcc], three.ToArray());
    }

    [Fact]
    public void TwoByteForm_AppBitsStillTwoByte()
    {
        byte[] packet = TwoByteExample();
        packet[13] = 0x05; // profile 0x1005: appbits = 5
        Assert.True(RtpPacket.TryParse(packet, out RtpPacket parsed));
        Assert.True(parsed.TryGetExtension(3, out _));
    }

    [Fact]
    public void OneByteId15_StopsProcessing()
    {
        byte[] packet = Hex.Parse(FixedHeader + "be de 00 02  10 aa  f0 00  21 bb bb 00");
        Assert.True(RtpPacket.TryParse(packet, out RtpPacket parsed));
        Assert.True(parsed.TryGetExtension(1, out _));
        Assert.False(parsed.TryGetExtension(2, out _));
    }

    [Fact]
    public void ElementRunningPastTheBlock_IsNotReturned()
    {
        byte[] packet = Hex.Parse(FixedHeader + "be de 00 01  10 aa  2f bb  01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10");
        Assert.True(RtpPacket.TryParse(packet, out RtpPacket parsed));
        Assert.True(parsed.TryGetExtension(1, out _));
        Assert.False(parsed.TryGetExtension(2, out _));
        Assert.False(RtpHeaderExtensions.RemapIds(packet, Identity()));
    }

    [Fact]
    public void UnknownProfile_HasNoElements()
    {
        byte[] packet = Hex.Parse(FixedHeader + "ab cd 00 01 10 aa 00 00");
        Assert.True(RtpPacket.TryParse(packet, out RtpPacket parsed));
        Assert.False(parsed.TryGetExtension(1, out _));
        byte[] before = (byte[])packet.Clone();
        Assert.True(RtpHeaderExtensions.RemapIds(packet, Identity()));
        Assert.Equal(before, packet);
    }

    [Fact]
    public void RemapIds_OneByte_RewritesAndDrops()
    {
        byte[] packet = OneByteExample();
        byte[] map = new byte[256];
        map[1] = 9;   // 1 -> 9
        map[2] = 0;   // drop
        map[3] = 14;  // 3 -> 14

        Assert.True(RtpHeaderExtensions.RemapIds(packet, map));

        Assert.Equal(Hex.Parse("90 aa  00 00 00  00 00  e3 cc cc cc cc"), packet.AsSpan(16, 12).ToArray());
        Assert.True(RtpPacket.TryParse(packet, out RtpPacket parsed));
        Assert.True(parsed.TryGetExtension(9, out ReadOnlySpan<byte> nine));
        Assert.Equal([0xaa], nine.ToArray());
        Assert.False(parsed.TryGetExtension(2, out _));
        Assert.True(parsed.TryGetExtension(14, out ReadOnlySpan<byte> fourteen));
        Assert.Equal(4, fourteen.Length);
    }

    [Fact]
    public void RemapIds_OneByteToIdAbove14_FailsAndLeavesPacketUntouched()
    {
        byte[] packet = OneByteExample();
        byte[] before = (byte[])packet.Clone();
        byte[] map = Identity();
        map[3] = 15;

        Assert.False(RtpHeaderExtensions.RemapIds(packet, map));
        Assert.Equal(before, packet);
    }

    [Fact]
    public void RemapIds_TwoByte_AllowsLargeIdsAndDrops()
    {
        byte[] packet = TwoByteExample();
        byte[] map = Identity();
        map[1] = 200;
        map[2] = 0;

        Assert.True(RtpHeaderExtensions.RemapIds(packet, map));

        Assert.Equal(Hex.Parse("c8 00  00 00 00  00  03 04 cc cc cc cc"), packet.AsSpan(16, 12).ToArray());
        Assert.True(RtpPacket.TryParse(packet, out RtpPacket parsed));
        Assert.True(parsed.TryGetExtension(200, out _));
        Assert.False(parsed.TryGetExtension(2, out _));
        Assert.True(parsed.TryGetExtension(3, out _));
    }

    [Fact]
    public void RemapIds_ShortMapOrPacketWithoutExtension()
    {
        Assert.False(RtpHeaderExtensions.RemapIds(OneByteExample(), new byte[255]));
        byte[] plain = Hex.Parse("80 60 00 01 00 00 00 64 00 00 00 2a 01 02");
        Assert.True(RtpHeaderExtensions.RemapIds(plain, Identity()));
    }

    [Fact]
    public void TrySetExtensionValue_SameLengthOnly()
    {
        byte[] packet = RtpTestPackets.ChromiumVp8KeyFrame();

        Assert.True(RtpHeaderExtensions.TrySetExtensionValue(packet, 5, [0x12, 0x34]));
        Assert.False(RtpHeaderExtensions.TrySetExtensionValue(packet, 5, [0x12]));
        Assert.False(RtpHeaderExtensions.TrySetExtensionValue(packet, 7, [0x12, 0x34]));

        Assert.True(RtpPacket.TryParse(packet, out RtpPacket parsed));
        Assert.True(parsed.TryGetExtension(5, out ReadOnlySpan<byte> twcc));
        Assert.Equal([0x12, 0x34], twcc.ToArray());
        Assert.True(parsed.TryGetExtension(4, out ReadOnlySpan<byte> abs));
        Assert.Equal(Hex.Parse("0a bc de"), abs.ToArray());
    }

    internal static byte[] Identity()
    {
        byte[] map = new byte[256];
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = (byte)i;
        }

        return map;
    }
}
