using System.Buffers.Binary;

namespace VibezLive.Protocols.Rtcp;

/// <summary>
/// SDES: source description (RFC 3550 §6.5). SC chunks, each an SSRC/CSRC followed by items
/// (<c>type(8) length(8) text</c>) ended by a null octet and padded to 32 bits.
/// </summary>
public readonly ref struct SourceDescription
{
    private readonly ReadOnlySpan<byte> _data;

    private SourceDescription(ReadOnlySpan<byte> data) => _data = data;

    public int ChunkCount => _data[0] & 0x1F;

    public SdesItemReader GetItems() => new(_data[RtcpHeader.Length..], ChunkCount);

    /// <summary>The CNAME of the first chunk that has one (what SSRC ↔ participant mapping needs).</summary>
    public bool TryGetCName(out uint ssrc, out ReadOnlySpan<byte> cname)
    {
        SdesItemReader items = GetItems();
        while (items.TryReadNext(out ssrc, out SdesItemType type, out cname))
        {
            if (type == SdesItemType.CName)
            {
                return true;
            }
        }

        ssrc = 0;
        cname = default;
        return false;
    }

    /// <summary>Validates that all SC chunks and their items fit the packet.</summary>
    public static bool TryParse(RtcpPacket packet, out SourceDescription sdes)
    {
        sdes = default;
        ReadOnlySpan<byte> data = packet.Content;
        if (packet.Type != RtcpPacketType.SourceDescription)
        {
            return false;
        }

        int position = RtcpHeader.Length;
        for (int chunk = 0; chunk < packet.Count; chunk++)
        {
            if (data.Length - position < 4)
            {
                return false;
            }

            position += 4;
            while (true)
            {
                if (position >= data.Length)
                {
                    return false; // no null octet ending the item list
                }

                if (data[position] == 0)
                {
                    position = (position + 4) & ~3;
                    break;
                }

                if (data.Length - position < 2 || data.Length - position - 2 < data[position + 1])
                {
                    return false;
                }

                position += 2 + data[position + 1];
            }

            if (position > data.Length)
            {
                return false;
            }
        }

        sdes = new SourceDescription(data);
        return true;
    }

    /// <summary>Size of one chunk with a CNAME item: SSRC, type, length, text, null octet, padding.</summary>
    public static int GetLength(int cnameLength) => RtcpHeader.Length + ((4 + 2 + cnameLength + 1 + 3) & ~3);

    /// <summary>An SDES packet with a single chunk carrying a CNAME (RFC 3550 §6.5.1), at most 255 bytes.</summary>
    public static bool TryWrite(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cnameUtf8, out int written)
    {
        written = 0;
        int length = GetLength(cnameUtf8.Length);
        if (cnameUtf8.Length > 255 || destination.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = (byte)SdesItemType.CName;
        destination[9] = (byte)cnameUtf8.Length;
        cnameUtf8.CopyTo(destination[10..]);
        destination[(10 + cnameUtf8.Length)..length].Clear();
        written = length;
        return true;
    }
}
