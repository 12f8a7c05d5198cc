using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Rtp;

/// <summary>Hand-built packets shaped like what Chromium sends with mediasoup-client's header extension ids.</summary>
internal static class RtpTestPackets
{
    /// <summary>
    /// VP8 key frame start, PT 96, one-byte extensions: id 1 mid "0", id 4 abs-send-time, id 5 transport-wide seq,
    /// then 3 bytes of padding; VP8 descriptor with a 15-bit picture id, then the key frame header.
    /// </summary>
    public static byte[] ChromiumVp8KeyFrame() => Hex.Parse("""
        90 e0 12 34  5a 5a 5a 5a  11 22 33 44   # V=2 X=1, M=1 PT=96, seq 0x1234, ts, ssrc
        be de 00 03                             # one-byte extensions, 3 words
        10 30  42 0a bc de  51 00 07  00 00 00  # mid "0", abs-send-time, transport-cc seq 7, padding
        90 80 2a 01                             # VP8: X S, I, M picture id 0x2a01
        10 02 00 9d 01 2a 80 02 e0 01           # VP8 key frame header (P = 0), start code, 640x480
        """);

    /// <summary>
    /// Opus packet with CSRCs and padding, two-byte extensions (profile 0x1000): id 1 audio level (1 byte),
    /// id 20 (a 16-byte value that does not fit the one-byte form).
    /// </summary>
    public static byte[] AudioWithCsrcsPaddingTwoByteExtension() => Hex.Parse("""
        b2 6f 00 05  00 00 03 c0  de ad be ef   # V=2 P=1 X=1 CC=2, PT=111, seq 5, ts 960
        00 00 00 01  00 00 00 02                # CSRCs
        10 00 00 06                             # two-byte extensions, 6 words
        01 01 85 00                             # id 1 len 1 (voice, -5 dBov), padding
        14 10 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f  # id 20, 16 bytes
        00 00                                   # padding
        fc ff fe                                # Opus payload (3 bytes)
        00 00 00 04                             # RTP padding, 4 bytes
        """);

    /// <summary>1,200-byte video packet used by the allocation tests and benchmarks.</summary>
    public static byte[] Video1200()
    {
        byte[] header = ChromiumVp8KeyFrame();
        byte[] packet = new byte[1200];
        header.CopyTo(packet, 0);
        for (int i = header.Length; i < packet.Length; i++)
        {
            packet[i] = (byte)i;
        }

        return packet;
    }
}
