namespace VibezLive.Protocols.Rtp;

/// <summary>
/// Walks the elements of an RFC 8285 header extension block.
/// </summary>
/// <remarks>
/// One-byte form (profile 0xBEDE, §4.2): each element is a byte <c>ID(4) | L(4)</c> followed by L+1 data bytes;
/// a byte with ID 0 is padding; ID 15 ends processing. Two-byte form (profile 0x100X, X = appbits, §4.3): an ID byte,
/// a length byte (0..255), then the data; a zero ID byte is padding.
/// </remarks>
public ref struct RtpHeaderExtensionReader
{
    public const ushort OneByteProfile = 0xBEDE;
    public const ushort TwoByteProfileMask = 0xFFF0;
    public const ushort TwoByteProfile = 0x1000;

    private readonly ReadOnlySpan<byte> _elements;
    private readonly bool _twoByte;
    private int _position;
    private bool _malformed;

    /// <summary>Reads <paramref name="elements"/> (the block after the 4-byte extension header) for a profile.</summary>
    public RtpHeaderExtensionReader(ushort profile, ReadOnlySpan<byte> elements)
    {
        _elements = elements;
        _twoByte = (profile & TwoByteProfileMask) == TwoByteProfile;
        _position = profile == OneByteProfile || _twoByte ? 0 : elements.Length; // other profiles: no elements
    }

    /// <summary>True when the profile is one of RFC 8285's.</summary>
    public static bool IsRfc8285Profile(ushort profile) =>
        profile == OneByteProfile || (profile & TwoByteProfileMask) == TwoByteProfile;

    /// <summary>True when the walk stopped at an element running past the block.</summary>
    public readonly bool IsMalformed => _malformed;

    /// <summary>Next element: its id, its data, and the offset of its first (id) byte in the block.</summary>
    public bool TryReadNext(out byte id, out ReadOnlySpan<byte> value, out int elementOffset)
    {
        id = 0;
        value = default;
        elementOffset = 0;
        while (_position < _elements.Length)
        {
            int start = _position;
            byte b = _elements[start];

            // A zero byte is padding in both forms; in the one-byte form any ID 0 byte is (§4.2: ID 0 is reserved
            // for padding, its length nibble is ignored).
            if (b == 0 || (!_twoByte && (b >> 4) == 0))
            {
                _position++;
                continue;
            }

            int length;
            int dataStart;
            if (_twoByte)
            {
                if (start + 2 > _elements.Length)
                {
                    _malformed = true;
                    _position = _elements.Length;
                    return false;
                }

                id = b;
                length = _elements[start + 1];
                dataStart = start + 2;
            }
            else
            {
                id = (byte)(b >> 4);
                if (id == 15)
                {
                    _position = _elements.Length; // §4.2: stop processing
                    return false;
                }

                length = (b & 0x0F) + 1;
                dataStart = start + 1;
            }

            if (length > _elements.Length - dataStart)
            {
                _malformed = true;
                _position = _elements.Length;
                return false;
            }

            value = _elements.Slice(dataStart, length);
            elementOffset = start;
            _position = dataStart + length;
            return true;
        }

        return false;
    }

    internal static bool TryFind(ushort profile, ReadOnlySpan<byte> elements, byte id, out ReadOnlySpan<byte> value)
    {
        var reader = new RtpHeaderExtensionReader(profile, elements);
        while (reader.TryReadNext(out byte elementId, out value, out _))
        {
            if (elementId == id)
            {
                return true;
            }
        }

        value = default;
        return false;
    }
}
