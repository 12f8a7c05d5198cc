using System.Buffers.Binary;

namespace VibezLive.Protocols.Rtcp;

/// <summary>
/// One packet of a compound RTCP datagram (RFC 3550 §6.1), as found by <see cref="RtcpCompoundReader"/>: header
/// validated, length in bounds. Unknown types are kept as this raw view (forward or ignore them).
/// </summary>
public readonly ref struct RtcpPacket
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _paddingLength;

    internal RtcpPacket(ReadOnlySpan<byte> data, int paddingLength)
    {
        _data = data;
        _paddingLength = paddingLength;
    }

    public RtcpPacketType Type => (RtcpPacketType)_data[1];

    /// <summary>RC / SC (reception report or source count) or FMT (feedback message type), 5 bits.</summary>
    public byte Count => (byte)(_data[0] & 0x1F);

    /// <summary>The whole packet as on the wire, header and padding included.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>The packet without trailing padding (§6.4.1 P bit).</summary>
    public ReadOnlySpan<byte> Content => _data[..^_paddingLength];

    public int PaddingLength => _paddingLength;

    /// <summary>The first SSRC after the header (the sender for SR/RR/feedback, the first source for SDES/BYE); 0 if none.</summary>
    public uint SenderSsrc => _data.Length - _paddingLength >= 8 ? BinaryPrimitives.ReadUInt32BigEndian(_data[4..]) : 0;

    /// <summary>Media source SSRC of an RTPFB/PSFB packet (RFC 4585 §6.1); 0 for other packets.</summary>
    public uint MediaSsrc =>
        Type is RtcpPacketType.TransportFeedback or RtcpPacketType.PayloadFeedback && _data.Length - _paddingLength >= 12
            ? BinaryPrimitives.ReadUInt32BigEndian(_data[8..])
            : 0;

    /// <summary>Validates a single packet (header, length, padding) that must fill <paramref name="data"/> exactly.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpPacket packet)
    {
        var reader = new RtcpCompoundReader(data);
        return reader.TryReadNext(out packet) && !reader.TryReadNext(out _) && !reader.IsMalformed;
    }
}
