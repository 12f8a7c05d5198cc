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
    /// Copies <paramref name="packet"/> into <paramref name="destination"/> with its extension block rebuilt: ids go
    /// through <paramref name="idMap"/> (0 = drop), and element <paramref name="setId"/> (an id of the output) gets
    /// <paramref name="setValue"/>, added when absent. This is how a consumer stamps its own MID, whose length may
    /// differ from the sender's (RFC 8843 §15: receivers demultiplex by MID). The output keeps the one-byte form
    /// (RFC 8285 §4.2) unless an id above 14 or a value of 0 or more than 16 bytes needs the two-byte form (§4.3).
    /// Padding and payload are copied unchanged. Pass <paramref name="setId"/> 0 to only remap. False (nothing
    /// defined written) when the packet is malformed or <paramref name="destination"/> is too small.
    /// </summary>
    public static bool TryCopyWithExtensions(
        ReadOnlySpan<byte> packet, Span<byte> destination, ReadOnlySpan<byte> idMap, byte setId, ReadOnlySpan<byte> setValue, out int written)
    {
        written = 0;
        if (idMap.Length < 256 || setValue.Length > 255 || !TryLocateBlock(packet, out int blockStart, out int blockEnd, out ushort profile))
        {
            return false;
        }

        int fixedLength = RtpPacket.FixedHeaderLength + ((packet[0] & 0x0F) * 4);
        bool hasBlock = blockEnd != 0;
        if (hasBlock && !RtpHeaderExtensionReader.IsRfc8285Profile(profile))
        {
            // Not ours to interpret (RFC 3550 §5.3.1 profile-specific extension): forward as is.
            if (destination.Length < packet.Length)
            {
                return false;
            }

            packet.CopyTo(destination);
            written = packet.Length;
            return true;
        }

        if (!hasBlock && packet.Length < fixedLength)
        {
            return false;
        }

        ReadOnlySpan<byte> elements = hasBlock ? packet[blockStart..blockEnd] : default;
        ReadOnlySpan<byte> rest = packet[(hasBlock ? blockEnd : fixedLength)..];

        // Pass 1: validate and choose the form.
        bool twoByte = hasBlock && profile != RtpHeaderExtensionReader.OneByteProfile;
        if (setId != 0 && (setId > 14 || setValue.Length is 0 or > 16))
        {
            twoByte = true;
        }

        var reader = new RtpHeaderExtensionReader(profile, elements);
        while (reader.TryReadNext(out byte id, out ReadOnlySpan<byte> value, out _))
        {
            byte mapped = idMap[id];
            if (mapped != 0 && mapped != setId && (mapped > 14 || value.Length is 0 or > 16))
            {
                twoByte = true;
            }
        }

        if (reader.IsMalformed)
        {
            return false;
        }

        // Pass 2: fixed header, then the elements after a 4-byte block header.
        if (destination.Length < fixedLength + 4)
        {
            return false;
        }

        packet[..fixedLength].CopyTo(destination);
        Span<byte> output = destination[(fixedLength + 4)..];
        int position = 0;
        reader = new RtpHeaderExtensionReader(profile, elements);
        while (reader.TryReadNext(out byte id, out ReadOnlySpan<byte> value, out _))
        {
            byte mapped = idMap[id];
            if (mapped != 0 && mapped != setId && !TryAppendElement(output, ref position, twoByte, mapped, value))
            {
                return false;
            }
        }

        if (setId != 0 && !TryAppendElement(output, ref position, twoByte, setId, setValue))
        {
            return false;
        }

        int blockLength = (position + 3) & ~3;
        if (blockLength > output.Length || blockLength / 4 > ushort.MaxValue)
        {
            return false;
        }

        output[position..blockLength].Clear();
        int headerLength = fixedLength;
        if (blockLength == 0)
        {
            destination[0] &= 0xEF; // no elements left: no extension block (X = 0)
        }
        else
        {
            destination[0] |= 0x10;
            ushort outProfile = twoByte
                ? (hasBlock && profile != RtpHeaderExtensionReader.OneByteProfile ? profile : RtpHeaderExtensionReader.TwoByteProfile)
                : RtpHeaderExtensionReader.OneByteProfile;
            BinaryPrimitives.WriteUInt16BigEndian(destination[fixedLength..], outProfile);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(fixedLength + 2)..], (ushort)(blockLength / 4));
            headerLength = fixedLength + 4 + blockLength;
        }

        if (destination.Length - headerLength < rest.Length)
        {
            return false;
        }

        rest.CopyTo(destination[headerLength..]);
        written = headerLength + rest.Length;
        return true;
    }

    private static bool TryAppendElement(Span<byte> output, ref int position, bool twoByte, byte id, ReadOnlySpan<byte> value)
    {
        int headerSize = twoByte ? 2 : 1;
        if (output.Length - position < headerSize + value.Length)
        {
            return false;
        }

        if (twoByte)
        {
            output[position] = id;
            output[position + 1] = (byte)value.Length;
        }
        else
        {
            output[position] = (byte)((id << 4) | (value.Length - 1));
        }

        value.CopyTo(output[(position + headerSize)..]);
        position += headerSize + value.Length;
        return true;
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
