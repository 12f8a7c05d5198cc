using System.Buffers.Binary;

namespace VibezLive.Protocols.Rtcp;

/// <summary>
/// Generic NACK (RFC 4585 §6.2.1): RTPFB, FMT 1. Each FCI entry is a packet id (PID) and a bitmask of the 16
/// following lost packets (BLP, bit i = PID + i + 1).
/// <code>
/// |            PID                |             BLP               |
/// </code>
/// </summary>
public readonly ref struct GenericNack
{
    public const byte Format = 1;

    private readonly ReadOnlySpan<byte> _data;

    private GenericNack(ReadOnlySpan<byte> data) => _data = data;

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_data[4..]);

    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_data[8..]);

    /// <summary>Number of PID/BLP entries.</summary>
    public int ItemCount => (_data.Length - RtcpHeader.FeedbackHeaderLength) / 4;

    /// <summary>Enumerates every lost sequence number, in entry order (use with foreach).</summary>
    public LostSequenceEnumerator GetLostSequenceNumbers() => new(_data[RtcpHeader.FeedbackHeaderLength..]);

    public static bool TryParse(RtcpPacket packet, out GenericNack nack)
    {
        nack = default;
        ReadOnlySpan<byte> data = packet.Content;
        if (packet.Type != RtcpPacketType.TransportFeedback || packet.Count != Format
            || data.Length < RtcpHeader.FeedbackHeaderLength + 4)
        {
            return false;
        }

        nack = new GenericNack(data[..(data.Length & ~3)]);
        return true;
    }

    /// <summary>
    /// Size of the NACK for <paramref name="sequenceNumbers"/>; see <see cref="TryWrite"/> for the packing.
    /// </summary>
    public static int GetLength(ReadOnlySpan<ushort> sequenceNumbers)
    {
        int items = 0;
        int i = 0;
        while (i < sequenceNumbers.Length)
        {
            ushort pid = sequenceNumbers[i++];
            while (i < sequenceNumbers.Length && (ushort)(sequenceNumbers[i] - pid) is >= 1 and <= 16)
            {
                i++;
            }

            items++;
        }

        return RtcpHeader.FeedbackHeaderLength + (items * 4);
    }

    /// <summary>
    /// Writes a NACK for <paramref name="sequenceNumbers"/> in ascending (wraparound) order: each entry takes the
    /// next number as PID and folds the following ones within PID+1..PID+16 into its BLP.
    /// </summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> sequenceNumbers, out int written)
    {
        written = 0;
        int length = GetLength(sequenceNumbers);
        if (sequenceNumbers.IsEmpty || destination.Length < length || length > 0x40000)
        {
            return false;
        }

        RtcpHeader.WriteFeedback(destination, Format, RtcpPacketType.TransportFeedback, length, senderSsrc, mediaSsrc);
        int position = RtcpHeader.FeedbackHeaderLength;
        int i = 0;
        while (i < sequenceNumbers.Length)
        {
            ushort pid = sequenceNumbers[i++];
            ushort blp = 0;
            while (i < sequenceNumbers.Length && (ushort)(sequenceNumbers[i] - pid) is >= 1 and <= 16)
            {
                blp |= (ushort)(1 << ((ushort)(sequenceNumbers[i] - pid) - 1));
                i++;
            }

            BinaryPrimitives.WriteUInt16BigEndian(destination[position..], pid);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(position + 2)..], blp);
            position += 4;
        }

        written = length;
        return true;
    }

    /// <summary>Enumerates lost sequence numbers: each PID, then PID+i+1 for each set bit i of BLP.</summary>
    public ref struct LostSequenceEnumerator
    {
        private readonly ReadOnlySpan<byte> _items;
        private int _item;
        private int _bit;
        private ushort _current;

        internal LostSequenceEnumerator(ReadOnlySpan<byte> items)
        {
            _items = items;
            _item = -4;
            _bit = 16;
        }

        public readonly ushort Current => _current;

        public readonly LostSequenceEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (true)
            {
                if (_bit < 16)
                {
                    ushort blp = BinaryPrimitives.ReadUInt16BigEndian(_items[(_item + 2)..]);
                    int bit = _bit++;
                    if ((blp & (1 << bit)) != 0)
                    {
                        _current = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(_items[_item..]) + bit + 1);
                        return true;
                    }

                    continue;
                }

                _item += 4;
                if (_item + 4 > _items.Length)
                {
                    return false;
                }

                _bit = 0;
                _current = BinaryPrimitives.ReadUInt16BigEndian(_items[_item..]);
                return true;
            }
        }
    }
}
