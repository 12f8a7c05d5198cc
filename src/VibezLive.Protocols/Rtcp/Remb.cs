using System.Buffers.Binary;

namespace VibezLive.Protocols.Rtcp;

/// <summary>
/// REMB (draft-alvestrand-rmcat-remb-03 §2.2): PSFB, FMT 15 (application layer feedback), media source 0.
/// <code>
/// |  Unique identifier 'R' 'E' 'M' 'B'                            |
/// |  Num SSRC     | BR Exp    |  BR Mantissa                      |
/// |   SSRC feedback                                               |
/// </code>
/// Bitrate = mantissa (18 bits) * 2^exp (6 bits), in bits per second.
/// </summary>
public readonly ref struct Remb
{
    public const byte Format = 15;
    public const int FixedLength = 20;

    private const uint Identifier = 0x52454D42; // "REMB"

    private readonly ReadOnlySpan<byte> _data;

    private Remb(ReadOnlySpan<byte> data) => _data = data;

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_data[4..]);

    /// <summary>Estimated maximum bitrate in bits per second.</summary>
    public ulong Bitrate
    {
        get
        {
            int exponent = _data[17] >> 2;
            ulong mantissa = ((uint)(_data[17] & 0x03) << 16) | BinaryPrimitives.ReadUInt16BigEndian(_data[18..]);
            return exponent > 46 ? ulong.MaxValue : mantissa << exponent; // 18 + 46 bits fit 64
        }
    }

    public int SsrcCount => _data[16];

    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_data[(FixedLength + (4 * index))..]);
    }

    public static bool TryParse(RtcpPacket packet, out Remb remb)
    {
        remb = default;
        ReadOnlySpan<byte> data = packet.Content;
        if (packet.Type != RtcpPacketType.PayloadFeedback || packet.Count != Format || data.Length < FixedLength
            || BinaryPrimitives.ReadUInt32BigEndian(data[12..]) != Identifier
            || data.Length < FixedLength + (4 * data[16]))
        {
            return false;
        }

        remb = new Remb(data);
        return true;
    }

    public static int GetLength(int ssrcCount) => FixedLength + (4 * ssrcCount);

    /// <summary>Writes a REMB; the bitrate is rounded down to what an 18-bit mantissa can carry.</summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs, out int written)
    {
        written = 0;
        int length = GetLength(ssrcs.Length);
        if (ssrcs.Length > 255 || destination.Length < length)
        {
            return false;
        }

        int exponent = 0;
        while ((bitrate >> exponent) > 0x3FFFF)
        {
            exponent++;
        }

        uint mantissa = (uint)(bitrate >> exponent);
        RtcpHeader.WriteFeedback(destination, Format, RtcpPacketType.PayloadFeedback, length, senderSsrc, 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Identifier);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], ((uint)ssrcs.Length << 24) | ((uint)exponent << 18) | mantissa);
        for (int i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(FixedLength + (4 * i))..], ssrcs[i]);
        }

        written = length;
        return true;
    }
}
