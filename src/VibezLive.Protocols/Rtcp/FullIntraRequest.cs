using System.Buffers.Binary;

namespace VibezLive.Protocols.Rtcp;

/// <summary>
/// FIR (RFC 5104 §4.3.1): PSFB, FMT 4; the media source field is unused (0) and each FCI entry names the
/// target SSRC with a command sequence number.
/// <code>
/// |                              SSRC                             |
/// | Seq nr.       |    Reserved                                   |
/// </code>
/// </summary>
public readonly ref struct FullIntraRequest
{
    public const byte Format = 4;
    public const int EntryLength = 8;

    private readonly ReadOnlySpan<byte> _data;

    private FullIntraRequest(ReadOnlySpan<byte> data) => _data = data;

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_data[4..]);

    public int EntryCount => (_data.Length - RtcpHeader.FeedbackHeaderLength) / EntryLength;

    public uint GetSsrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(Entry(index));

    public byte GetSequenceNumber(int index) => Entry(index)[4];

    /// <summary>The command sequence number for <paramref name="ssrc"/>, if an entry targets it.</summary>
    public bool TryGetSequenceNumber(uint ssrc, out byte sequenceNumber)
    {
        for (int i = 0; i < EntryCount; i++)
        {
            if (GetSsrc(i) == ssrc)
            {
                sequenceNumber = GetSequenceNumber(i);
                return true;
            }
        }

        sequenceNumber = 0;
        return false;
    }

    public static bool TryParse(RtcpPacket packet, out FullIntraRequest fir)
    {
        fir = default;
        ReadOnlySpan<byte> data = packet.Content;
        if (packet.Type != RtcpPacketType.PayloadFeedback || packet.Count != Format
            || data.Length < RtcpHeader.FeedbackHeaderLength + EntryLength)
        {
            return false;
        }

        fir = new FullIntraRequest(data);
        return true;
    }

    public const int Length = RtcpHeader.FeedbackHeaderLength + EntryLength;

    /// <summary>A FIR with one entry asking <paramref name="mediaSsrc"/> for a key frame.</summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, byte sequenceNumber, out int written)
    {
        written = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        RtcpHeader.WriteFeedback(destination, Format, RtcpPacketType.PayloadFeedback, Length, senderSsrc, 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], mediaSsrc);
        destination[16] = sequenceNumber;
        destination[17] = 0;
        destination[18] = 0;
        destination[19] = 0;
        written = Length;
        return true;
    }

    private ReadOnlySpan<byte> Entry(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, EntryCount);
        return _data.Slice(RtcpHeader.FeedbackHeaderLength + (index * EntryLength), EntryLength);
    }
}
