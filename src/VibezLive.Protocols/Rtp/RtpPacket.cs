using System.Buffers.Binary;

namespace VibezLive.Protocols.Rtp;

/// <summary>
/// A validated, zero-copy view over an RTP packet (RFC 3550 §5.1). The payload is a slice of the datagram.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           timestamp                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           synchronization source (SSRC) identifier            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |            contributing source (CSRC) identifiers             |
/// |                             ....                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      defined by profile       |           length              |   (X = 1, §5.3.1)
/// |                        header extension                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Rejected: version other than 2, CSRCs or extension block past the end, a padding count of zero or larger
/// than what follows the header (§5.1: the last octet counts the padding including itself).
/// </remarks>
public readonly ref struct RtpPacket
{
    /// <summary>Size of the fixed header (§5.1).</summary>
    public const int FixedHeaderLength = 12;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _headerLength;
    private readonly int _paddingLength;

    private RtpPacket(ReadOnlySpan<byte> data, int headerLength, int paddingLength)
    {
        _data = data;
        _headerLength = headerLength;
        _paddingLength = paddingLength;
    }

    /// <summary>The whole packet.</summary>
    public ReadOnlySpan<byte> Data => _data;

    public bool Marker => (_data[1] & 0x80) != 0;

    public byte PayloadType => (byte)(_data[1] & 0x7F);

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_data[2..]);

    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_data[4..]);

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_data[8..]);

    public int CsrcCount => _data[0] & 0x0F;

    public bool HasPadding => (_data[0] & 0x20) != 0;

    public bool HasExtension => (_data[0] & 0x10) != 0;

    /// <summary>The "defined by profile" field: 0xBEDE for one-byte elements, 0x100X for two-byte (RFC 8285 §4).</summary>
    public ushort ExtensionProfile => HasExtension ? BinaryPrimitives.ReadUInt16BigEndian(_data[ExtensionOffset..]) : (ushort)0;

    /// <summary>The extension elements (after the 4-byte extension header), empty without an extension.</summary>
    public ReadOnlySpan<byte> ExtensionData =>
        HasExtension ? _data[(ExtensionOffset + 4).._headerLength] : default;

    /// <summary>Fixed header + CSRCs + extension block.</summary>
    public int HeaderLength => _headerLength;

    /// <summary>The payload, without padding.</summary>
    public ReadOnlySpan<byte> Payload => _data[_headerLength..(_data.Length - _paddingLength)];

    public int PaddingLength => _paddingLength;

    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_data[(FixedHeaderLength + (4 * index))..]);
    }

    private int ExtensionOffset => FixedHeaderLength + (4 * CsrcCount);

    public static bool TryParse(ReadOnlySpan<byte> datagram, out RtpPacket packet)
    {
        packet = default;
        if (datagram.Length < FixedHeaderLength)
        {
            return false;
        }

        byte first = datagram[0];
        if ((first >> 6) != 2)
        {
            return false;
        }

        int headerLength = FixedHeaderLength + ((first & 0x0F) * 4);
        if ((first & 0x10) != 0)
        {
            // §5.3.1: 16-bit profile, 16-bit length in 32-bit words not counting this 4-byte header.
            if (datagram.Length < headerLength + 4)
            {
                return false;
            }

            headerLength += 4 + (BinaryPrimitives.ReadUInt16BigEndian(datagram[(headerLength + 2)..]) * 4);
        }

        if (datagram.Length < headerLength)
        {
            return false;
        }

        int padding = 0;
        if ((first & 0x20) != 0)
        {
            padding = datagram[^1];
            if (padding == 0 || padding > datagram.Length - headerLength)
            {
                return false;
            }
        }

        packet = new RtpPacket(datagram, headerLength, padding);
        return true;
    }

    /// <summary>Finds header extension element <paramref name="id"/> (RFC 8285; one-byte ids 1..14, two-byte 1..255).</summary>
    public bool TryGetExtension(byte id, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!HasExtension || id == 0)
        {
            return false;
        }

        return RtpHeaderExtensionReader.TryFind(ExtensionProfile, ExtensionData, id, out value);
    }
}
