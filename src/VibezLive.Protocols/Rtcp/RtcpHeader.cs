using System.Buffers.Binary;

namespace VibezLive.Protocols.Rtcp;

/// <summary>
/// The common RTCP header (RFC 3550 §6.4.1).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  RC/FMT |      PT       |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// length = packet size in 32-bit words minus one, including the header and any padding.
/// </summary>
public static class RtcpHeader
{
    public const int Length = 4;

    /// <summary>RTPFB / PSFB header + packet sender SSRC + media source SSRC (RFC 4585 §6.1).</summary>
    public const int FeedbackHeaderLength = 12;

    /// <summary>Writes a header for a packet of <paramref name="packetLength"/> bytes (a multiple of 4), no padding.</summary>
    public static void Write(Span<byte> destination, byte countOrFormat, RtcpPacketType type, int packetLength)
    {
        destination[0] = (byte)(0x80 | (countOrFormat & 0x1F));
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((packetLength / 4) - 1));
    }

    /// <summary>Writes an RTPFB/PSFB header with both SSRCs (RFC 4585 §6.1).</summary>
    public static void WriteFeedback(Span<byte> destination, byte format, RtcpPacketType type, int packetLength, uint senderSsrc, uint mediaSsrc)
    {
        Write(destination, format, type, packetLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
    }
}
