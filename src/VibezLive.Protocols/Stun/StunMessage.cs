using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Hashing;
using System.Net;
using System.Security.Cryptography;

namespace VibezLive.Protocols.Stun;

/// <summary>
/// A validated, zero-copy view over a STUN message (RFC 8489 §5, §14). <see cref="TryParse"/> walks the attributes
/// once (bounded by <see cref="StunConstants.MaxAttributes"/>) and remembers where the ICE ones are.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0|     STUN Message Type     |         Message Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Magic Cookie                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Transaction ID (96 bits)                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Rules applied (§14): the datagram holds exactly one message; attributes are 4-byte aligned and must fit;
/// the first occurrence of an attribute wins; only FINGERPRINT may follow MESSAGE-INTEGRITY, and nothing may
/// follow FINGERPRINT. Known ICE attributes with a wrong length make the message malformed.
/// </remarks>
public readonly ref struct StunMessage
{
    private const int NotPresent = -1;

    private readonly ReadOnlySpan<byte> _data;
    private readonly ushort _messageType;
    private readonly short _username;
    private readonly short _usernameLength;
    private readonly short _priority;
    private readonly short _iceControlling;
    private readonly short _iceControlled;
    private readonly short _errorCode;
    private readonly short _errorCodeLength;
    private readonly short _xorMappedAddress;
    private readonly short _xorMappedAddressLength;
    private readonly short _messageIntegrity;
    private readonly short _fingerprint;
    private readonly bool _useCandidate;
    private readonly bool _unknownComprehensionRequired;

    private StunMessage(ReadOnlySpan<byte> data, ushort messageType, scoped in Offsets o)
    {
        _data = data;
        _messageType = messageType;
        _username = o.Username;
        _usernameLength = o.UsernameLength;
        _priority = o.Priority;
        _iceControlling = o.IceControlling;
        _iceControlled = o.IceControlled;
        _errorCode = o.ErrorCode;
        _errorCodeLength = o.ErrorCodeLength;
        _xorMappedAddress = o.XorMappedAddress;
        _xorMappedAddressLength = o.XorMappedAddressLength;
        _messageIntegrity = o.MessageIntegrity;
        _fingerprint = o.Fingerprint;
        _useCandidate = o.UseCandidate;
        _unknownComprehensionRequired = o.UnknownComprehensionRequired;
    }

    /// <summary>The whole message.</summary>
    public ReadOnlySpan<byte> Data => _data;

    public StunMethod Method => (StunMethod)((_messageType & 0x000F) | ((_messageType & 0x00E0) >> 1) | ((_messageType & 0x3E00) >> 2));

    public StunClass Class => (StunClass)(((_messageType >> 4) & 0x1) | ((_messageType >> 7) & 0x2));

    /// <summary>The 96-bit transaction id (§5).</summary>
    public ReadOnlySpan<byte> TransactionId => _data.Slice(8, StunConstants.TransactionIdLength);

    public bool UseCandidate => _useCandidate;

    public bool HasMessageIntegrity => _messageIntegrity != NotPresent;

    public bool HasFingerprint => _fingerprint != NotPresent;

    /// <summary>
    /// True when the message carries a comprehension-required attribute (type &lt; 0x8000, §14) this parser does
    /// not know; a server answers such a request with 420 (Unknown Attribute).
    /// </summary>
    public bool HasUnknownComprehensionRequiredAttribute => _unknownComprehensionRequired;

    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessage message)
    {
        message = default;
        if (datagram.Length < StunConstants.HeaderLength || datagram.Length > short.MaxValue)
        {
            return false;
        }

        ushort messageType = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        int messageLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if ((messageType & 0xC000) != 0
            || (messageLength & 3) != 0
            || messageLength + StunConstants.HeaderLength != datagram.Length
            || BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) != StunConstants.MagicCookie)
        {
            return false;
        }

        var o = new Offsets();
        int position = StunConstants.HeaderLength;
        int count = 0;
        while (position < datagram.Length)
        {
            if (++count > StunConstants.MaxAttributes || datagram.Length - position < 4 || o.Fingerprint != NotPresent)
            {
                return false;
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(datagram[position..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[(position + 2)..]);
            int value = position + 4;
            int padded = (length + 3) & ~3;
            if (padded > datagram.Length - value)
            {
                return false;
            }

            // §14.5: attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored.
            if (o.MessageIntegrity == NotPresent || type == (ushort)StunAttributeType.Fingerprint)
            {
                if (!o.Record(type, value, length))
                {
                    return false;
                }
            }

            position = value + padded;
        }

        message = new StunMessage(datagram, messageType, o);
        return true;
    }

    public bool TryGetUsername(out ReadOnlySpan<byte> utf8)
    {
        if (_username == NotPresent)
        {
            utf8 = default;
            return false;
        }

        utf8 = _data.Slice(_username, _usernameLength);
        return true;
    }

    public bool TryGetPriority(out uint priority)
    {
        if (_priority == NotPresent)
        {
            priority = 0;
            return false;
        }

        priority = BinaryPrimitives.ReadUInt32BigEndian(_data[_priority..]);
        return true;
    }

    public bool TryGetIceControlling(out ulong tieBreaker) => TryReadUInt64(_iceControlling, out tieBreaker);

    public bool TryGetIceControlled(out ulong tieBreaker) => TryReadUInt64(_iceControlled, out tieBreaker);

    /// <summary>ERROR-CODE as class * 100 + number (§14.8), e.g. 487.</summary>
    public bool TryGetErrorCode(out int code)
    {
        if (_errorCode == NotPresent)
        {
            code = 0;
            return false;
        }

        code = (_data[_errorCode + 2] & 0x07) * 100 + _data[_errorCode + 3];
        return true;
    }

    /// <summary>The UTF-8 reason phrase of ERROR-CODE (§14.8).</summary>
    public bool TryGetErrorReason(out ReadOnlySpan<byte> utf8)
    {
        if (_errorCode == NotPresent)
        {
            utf8 = default;
            return false;
        }

        utf8 = _data.Slice(_errorCode + 4, _errorCodeLength - 4);
        return true;
    }

    /// <summary>
    /// XOR-MAPPED-ADDRESS (§14.2) without allocating: writes the 4- or 16-byte address into <paramref name="address"/>
    /// (at least 16 bytes) and returns its length in <paramref name="addressLength"/>.
    /// </summary>
    public bool TryGetXorMappedAddress(Span<byte> address, out int addressLength, out ushort port)
    {
        addressLength = 0;
        port = 0;
        if (_xorMappedAddress == NotPresent || address.Length < 16)
        {
            return false;
        }

        ReadOnlySpan<byte> value = _data.Slice(_xorMappedAddress, _xorMappedAddressLength);
        int length = value[1] switch
        {
            0x01 when value.Length == 8 => 4,
            0x02 when value.Length == 20 => 16,
            _ => 0,
        };
        if (length == 0)
        {
            return false;
        }

        addressLength = length;
        port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (StunConstants.MagicCookie >> 16));

        // The address is XOR'ed with the magic cookie followed by the transaction id: bytes 4..19 of the header.
        ReadOnlySpan<byte> mask = _data.Slice(4, 16);
        for (int i = 0; i < addressLength; i++)
        {
            address[i] = (byte)(value[4 + i] ^ mask[i]);
        }

        return true;
    }

    /// <summary>XOR-MAPPED-ADDRESS as an <see cref="IPEndPoint"/>. Allocates: control path only.</summary>
    public bool TryGetXorMappedAddress(out IPEndPoint? endPoint)
    {
        Span<byte> address = stackalloc byte[16];
        if (!TryGetXorMappedAddress(address, out int length, out ushort port))
        {
            endPoint = null;
            return false;
        }

        endPoint = new IPEndPoint(new IPAddress(address[..length]), port);
        return true;
    }

    /// <summary>
    /// Checks MESSAGE-INTEGRITY (§14.5): HMAC-SHA1 keyed with <paramref name="key"/> (the ICE password for
    /// short-term credentials, §9.1.1; MD5(username:realm:password) for long-term, §9.2.2) over the message up to
    /// the attribute, with the header length adjusted to end just after it. Compares in constant time.
    /// </summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 8489 §14.5 mandates HMAC-SHA1 for MESSAGE-INTEGRITY.")]
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (_messageIntegrity == NotPresent)
        {
            return false;
        }

        int covered = _messageIntegrity - 4; // bytes before the MESSAGE-INTEGRITY attribute header
        Span<byte> mac = stackalloc byte[StunConstants.MessageIntegrityLength];
        byte[]? rented = null;
        Span<byte> copy = covered <= 512
            ? stackalloc byte[512]
            : (rented = ArrayPool<byte>.Shared.Rent(covered));
        try
        {
            copy = copy[..covered];
            _data[..covered].CopyTo(copy);
            BinaryPrimitives.WriteUInt16BigEndian(
                copy[2..],
                (ushort)(covered - StunConstants.HeaderLength + 4 + StunConstants.MessageIntegrityLength));
            HMACSHA1.HashData(key, copy, mac);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return CryptographicOperations.FixedTimeEquals(mac, _data.Slice(_messageIntegrity, StunConstants.MessageIntegrityLength));
    }

    /// <summary>
    /// <see cref="VerifyMessageIntegrity(ReadOnlySpan{byte})"/> with a caller-owned HMAC-SHA1
    /// (<c>IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key)</c>, kept per ICE password): skips the per-call key
    /// setup and the copy of the message. The instance is left reset; it is not thread-safe.
    /// </summary>
    public bool VerifyMessageIntegrity(IncrementalHash hmacSha1)
    {
        ArgumentNullException.ThrowIfNull(hmacSha1);
        if (_messageIntegrity == NotPresent)
        {
            return false;
        }

        int covered = _messageIntegrity - 4;
        Span<byte> header = stackalloc byte[StunConstants.HeaderLength];
        _data[..StunConstants.HeaderLength].CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(
            header[2..],
            (ushort)(covered - StunConstants.HeaderLength + 4 + StunConstants.MessageIntegrityLength));
        hmacSha1.AppendData(header);
        hmacSha1.AppendData(_data[StunConstants.HeaderLength..covered]);
        Span<byte> mac = stackalloc byte[StunConstants.MessageIntegrityLength];
        if (!hmacSha1.TryGetHashAndReset(mac, out int written) || written != StunConstants.MessageIntegrityLength)
        {
            return false; // not an HMAC-SHA1
        }

        return CryptographicOperations.FixedTimeEquals(mac, _data.Slice(_messageIntegrity, StunConstants.MessageIntegrityLength));
    }

    /// <summary>Checks FINGERPRINT (§14.7): CRC-32 of the message up to the attribute, XOR 0x5354554E.</summary>
    public bool VerifyFingerprint()
    {
        if (_fingerprint == NotPresent)
        {
            return false;
        }

        // FINGERPRINT is always last, so the length field already covers it.
        uint expected = Crc32.HashToUInt32(_data[..(_fingerprint - 4)]) ^ StunConstants.FingerprintXor;
        return BinaryPrimitives.ReadUInt32BigEndian(_data[_fingerprint..]) == expected;
    }

    /// <summary>Finds any attribute by type (first occurrence, §14). Walks the message again; not for hot paths.</summary>
    public bool TryGetAttribute(ushort type, out ReadOnlySpan<byte> value)
    {
        int position = StunConstants.HeaderLength;
        while (_data.Length - position >= 4)
        {
            ushort t = BinaryPrimitives.ReadUInt16BigEndian(_data[position..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(_data[(position + 2)..]);
            if (t == type)
            {
                value = _data.Slice(position + 4, length);
                return true;
            }

            position += 4 + ((length + 3) & ~3);
        }

        value = default;
        return false;
    }

    private bool TryReadUInt64(short offset, out ulong value)
    {
        if (offset == NotPresent)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt64BigEndian(_data[offset..]);
        return true;
    }

    /// <summary>Attribute positions found by the walk (value offsets, or -1).</summary>
    private struct Offsets
    {
        public short Username = NotPresent;
        public short UsernameLength;
        public short Priority = NotPresent;
        public short IceControlling = NotPresent;
        public short IceControlled = NotPresent;
        public short ErrorCode = NotPresent;
        public short ErrorCodeLength;
        public short XorMappedAddress = NotPresent;
        public short XorMappedAddressLength;
        public short MessageIntegrity = NotPresent;
        public short Fingerprint = NotPresent;
        public bool UseCandidate;
        public bool UnknownComprehensionRequired;

        public Offsets()
        {
        }

        /// <summary>Remembers a known attribute; false when its length is wrong for its type.</summary>
        public bool Record(ushort type, int value, int length)
        {
            short at = (short)value;
            switch ((StunAttributeType)type)
            {
                case StunAttributeType.Username:
                    if (length > StunConstants.MaxUsernameLength)
                    {
                        return false;
                    }

                    if (Username == NotPresent)
                    {
                        Username = at;
                        UsernameLength = (short)length;
                    }

                    return true;
                case StunAttributeType.Priority:
                    return Set(ref Priority, at, length == 4);
                case StunAttributeType.UseCandidate:
                    UseCandidate = true;
                    return length == 0;
                case StunAttributeType.IceControlling:
                    return Set(ref IceControlling, at, length == 8);
                case StunAttributeType.IceControlled:
                    return Set(ref IceControlled, at, length == 8);
                case StunAttributeType.ErrorCode:
                    if (length < 4 || length > 4 + 763)
                    {
                        return false;
                    }

                    if (ErrorCode == NotPresent)
                    {
                        ErrorCode = at;
                        ErrorCodeLength = (short)length;
                    }

                    return true;
                case StunAttributeType.XorMappedAddress:
                    // Family 0x01 (IPv4, 8 bytes) or 0x02 (IPv6, 20 bytes) — §14.2. Family is byte 1 of the value.
                    if (length != 8 && length != 20)
                    {
                        return false;
                    }

                    if (XorMappedAddress == NotPresent)
                    {
                        XorMappedAddress = at;
                        XorMappedAddressLength = (short)length;
                    }

                    return true;
                case StunAttributeType.MessageIntegrity:
                    return Set(ref MessageIntegrity, at, length == StunConstants.MessageIntegrityLength);
                case StunAttributeType.Fingerprint:
                    return Set(ref Fingerprint, at, length == 4);
                case StunAttributeType.MappedAddress:
                case StunAttributeType.UnknownAttributes:
                case StunAttributeType.Realm:
                case StunAttributeType.Nonce:
                case StunAttributeType.MessageIntegritySha256:
                case StunAttributeType.Software:
                case StunAttributeType.AlternateServer:
                    return true;
                default:
                    if (type < 0x8000)
                    {
                        UnknownComprehensionRequired = true;
                    }

                    return true;
            }
        }

        private static bool Set(ref short field, short at, bool lengthOk)
        {
            if (!lengthOk)
            {
                return false;
            }

            if (field == NotPresent)
            {
                field = at;
            }

            return true;
        }
    }
}
