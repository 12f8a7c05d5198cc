using System.Buffers.Binary;

namespace VibezLive.Protocols.Rtp;

/// <summary>In-place edits of RFC 8285 header extension elements.</summary>
public static class RtpHeaderExtensions
{
    /// <summary>
    /// Rewrites every element id through <paramref name="idMap"/> (index = old id, value = new id; 0 = drop: the
    /// element's bytes become zero padding, RFC 8285 §4.2/§4.3). Validates the whole block first: returns false,
    /// leaving the packet untouched, when it is malformed or a new id does not fit the form (one-byte ids 1..14).
    /// A packet without an extension, or with a non-RFC 8285 profile, is left as is and returns true.
    /// </summary>
    public static bool RemapIds(Span<byte> packet, ReadOnlySpan<byte> idMap)
    {
        if (idMap.Length < 256)
        {
            return false;
        }

        if (!TryLocateBlock(packet, out int blockStart, out int blockEnd, out ushort profile))
        {
            return false;
        }

        if (blockEnd == 0 || !RtpHeaderExtensionReader.IsRfc8285Profile(profile))
        {
            return true;
        }

        bool twoByte = profile != RtpHeaderExtensionReader.OneByteProfile;
        Span<byte> elements = packet[blockStart..blockEnd];

        // Pass 1: validate.
        var reader = new RtpHeaderExtensionReader(profile, elements);
        while (reader.TryReadNext(out byte id, out _, out _))
        {
            byte mapped = idMap[id];
            if (!twoByte && mapped > 14)
            {
                return false;
            }
        }

        if (reader.IsMalformed)
        {
            return false;
        }

        // Pass 2: rewrite. Offsets stay valid because rewriting never changes lengths.
        reader = new RtpHeaderExtensionReader(profile, elements);
        while (reader.TryReadNext(out byte id, out ReadOnlySpan<byte> value, out int offset))
        {
            byte mapped = idMap[id];
            if (mapped == 0)
            {
                elements.Slice(offset, (twoByte ? 2 : 1) + value.Length).Clear();
            }
            else if (twoByte)
            {
                elements[offset] = mapped;
            }
            else
            {
                elements[offset] = (byte)((mapped << 4) | (elements[offset] & 0x0F));
            }
        }

        return true;
    }

    /// <summary>
    /// Overwrites the data of element <paramref name="id"/> with <paramref name="value"/> of the same length
    /// (e.g. an abs-send-time or transport-wide sequence number rewritten per consumer). False when the element
    /// is absent, has another length, or the block is malformed.
    /// </summary>
    public static bool TrySetExtensionValue(Span<byte> packet, byte id, ReadOnlySpan<byte> value)
    {
        if (!TryGetExtensionSpan(packet, id, out Span<byte> current) || current.Length != value.Length)
        {
            return false;
        }

        value.CopyTo(current);
        return true;
    }

    /// <summary>A writable view of element <paramref name="id"/>'s data.</summary>
    public static bool TryGetExtensionSpan(Span<byte> packet, byte id, out Span<byte> value)
    {
        value = default;
        if (id == 0
            || !TryLocateBlock(packet, out int blockStart, out int blockEnd, out ushort profile)
            || blockEnd <= 0)
        {
            return false;
        }

        Span<byte> elements = packet[blockStart..blockEnd];
        var reader = new RtpHeaderExtensionReader(profile, elements);
        while (reader.TryReadNext(out byte elementId, out ReadOnlySpan<byte> data, out int offset))
        {
            if (elementId == id)
            {
                int dataOffset = offset + ((profile & RtpHeaderExtensionReader.TwoByteProfileMask) == RtpHeaderExtensionReader.TwoByteProfile ? 2 : 1);
                value = elements.Slice(dataOffset, data.Length);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Finds the extension elements block. False when the packet is malformed; blockEnd == 0 when it has no
    /// extension.
    /// </summary>
    private static bool TryLocateBlock(ReadOnlySpan<byte> packet, out int blockStart, out int blockEnd, out ushort profile)
    {
        blockStart = 0;
        blockEnd = 0;
        profile = 0;
        if (packet.Length < RtpPacket.FixedHeaderLength || (packet[0] >> 6) != 2)
        {
            return false;
        }

        if ((packet[0] & 0x10) == 0)
        {
            return true;
        }

        int extensionHeader = RtpPacket.FixedHeaderLength + ((packet[0] & 0x0F) * 4);
        if (packet.Length < extensionHeader + 4)
        {
            return false;
        }

        profile = BinaryPrimitives.ReadUInt16BigEndian(packet[extensionHeader..]);
        int words = BinaryPrimitives.ReadUInt16BigEndian(packet[(extensionHeader + 2)..]);
        blockStart = extensionHeader + 4;
        blockEnd = blockStart + (words * 4);
        if (blockEnd > packet.Length)
        {
            blockEnd = 0;
            return false;
        }

        return true;
    }
}
