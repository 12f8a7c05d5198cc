using System.Buffers.Binary;

namespace VibezLive.LoadTest.Media;

/// <summary>
/// The 16 bytes the generator writes into every payload (after the VP8 descriptor and frame header, or after the
/// Opus TOC byte) so that a receiver can measure loss and one-way delay end to end, whatever the SFU rewrites in
/// the RTP header: magic "VZLT", the source's own packet counter, and the send time as a Stopwatch timestamp
/// (sender and receivers are the same process, so one clock).
/// </summary>
internal static class Probe
{
    public const int Length = 16;
    private const uint Magic = 0x565A4C54; // "VZLT"

    public static void Write(Span<byte> destination, uint sequence, long sendTimestamp)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Magic);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], sequence);
        BinaryPrimitives.WriteInt64BigEndian(destination[8..], sendTimestamp);
    }

    public static bool TryRead(ReadOnlySpan<byte> source, out uint sequence, out long sendTimestamp)
    {
        if (source.Length < Length || BinaryPrimitives.ReadUInt32BigEndian(source) != Magic)
        {
            sequence = 0;
            sendTimestamp = 0;
            return false;
        }

        sequence = BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
        sendTimestamp = BinaryPrimitives.ReadInt64BigEndian(source[8..]);
        return true;
    }
}
