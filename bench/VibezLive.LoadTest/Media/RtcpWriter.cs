using System.Buffers.Binary;

namespace VibezLive.LoadTest.Media;

/// <summary>
/// The few RTCP packets a receiver sends (kept local so the generator depends only on the wire format):
/// Receiver Report (RFC 3550 §6.4.2) and Generic NACK (RFC 4585 §6.2.1).
/// </summary>
internal static class RtcpWriter
{
    public const int HeaderLength = 8;
    public const int ReportBlockLength = 24;

    /// <summary>Writes an RR header for <paramref name="blockCount"/> blocks (≤ 31) that follow; returns the total length.</summary>
    public static int WriteReceiverReportHeader(Span<byte> destination, uint senderSsrc, int blockCount)
    {
        int length = HeaderLength + (blockCount * ReportBlockLength);
        destination[0] = (byte)(0x80 | blockCount);
        destination[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        return length;
    }

    /// <summary>One report block (RFC 3550 §6.4.1).</summary>
    public static void WriteReportBlock(
        Span<byte> destination, uint ssrc, byte fractionLost, int cumulativeLost, uint highestSequence, uint jitter, uint lastSr, uint delaySinceLastSr)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, ssrc);
        int lost = Math.Clamp(cumulativeLost, -0x800000, 0x7FFFFF) & 0xFFFFFF; // 24-bit signed
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)fractionLost << 24) | (uint)lost);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], highestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], lastSr);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], delaySinceLastSr);
    }

    /// <summary>
    /// Generic NACK for the sequence numbers <paramref name="first"/> .. first+count-1 (PID + BLP pairs);
    /// returns the length written.
    /// </summary>
    public static int WriteNack(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ushort first, int count)
    {
        int fci = 0;
        int offset = 12;
        int i = 0;
        while (i < count)
        {
            ushort pid = (ushort)(first + i);
            ushort blp = 0;
            int j = 1;
            for (; j <= 16 && i + j < count; j++)
            {
                blp |= (ushort)(1 << (j - 1));
            }

            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], pid);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], blp);
            offset += 4;
            fci++;
            i += j;
        }

        destination[0] = 0x80 | 1; // FMT 1
        destination[1] = 205; // RTPFB
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((offset / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
        return offset;
    }
}
