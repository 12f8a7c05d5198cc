using System.Buffers.Binary;

namespace VibezLive.Protocols.Rtcp;

/// <summary>
/// BYE (RFC 3550 §6.6): SC SSRC/CSRC identifiers, then an optional reason (<c>length(8) text</c>) padded to 32 bits.
/// </summary>
public readonly ref struct Goodbye
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _reasonLength;

    private Goodbye(ReadOnlySpan<byte> data, int reasonLength)
    {
        _data = data;
        _reasonLength = reasonLength;
    }

    public int SourceCount => _data[0] & 0x1F;

    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SourceCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_data[(RtcpHeader.Length + (4 * index))..]);
    }

    /// <summary>The UTF-8 reason for leaving, empty if none.</summary>
    public ReadOnlySpan<byte> Reason => _reasonLength == 0 ? default : _data.Slice(RtcpHeader.Length + (4 * SourceCount) + 1, _reasonLength);

    public static bool TryParse(RtcpPacket packet, out Goodbye bye)
    {
        bye = default;
        ReadOnlySpan<byte> data = packet.Content;
        int end = RtcpHeader.Length + (4 * packet.Count);
        if (packet.Type != RtcpPacketType.Goodbye || data.Length < end)
        {
            return false;
        }

        int reasonLength = 0;
        if (data.Length > end)
        {
            reasonLength = data[end];
            if (reasonLength > data.Length - end - 1)
            {
                return false;
            }
        }

        bye = new Goodbye(data, reasonLength);
        return true;
    }

    public static int GetLength(int ssrcCount, int reasonLength) =>
        RtcpHeader.Length + (4 * ssrcCount) + (reasonLength == 0 ? 0 : (reasonLength + 1 + 3) & ~3);

    public static bool TryWrite(Span<byte> destination, ReadOnlySpan<uint> ssrcs, ReadOnlySpan<byte> reasonUtf8, out int written)
    {
        written = 0;
        int length = GetLength(ssrcs.Length, reasonUtf8.Length);
        if (ssrcs.Length > 31 || reasonUtf8.Length > 255 || destination.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(destination, (byte)ssrcs.Length, RtcpPacketType.Goodbye, length);
        int position = RtcpHeader.Length;
        foreach (uint ssrc in ssrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[position..], ssrc);
            position += 4;
        }

        if (reasonUtf8.Length > 0)
        {
            destination[position] = (byte)reasonUtf8.Length;
            reasonUtf8.CopyTo(destination[(position + 1)..]);
            destination[(position + 1 + reasonUtf8.Length)..length].Clear();
        }

        written = length;
        return true;
    }
}
