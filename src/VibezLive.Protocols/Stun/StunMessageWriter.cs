using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace VibezLive.Protocols.Stun;

/// <summary>
/// Builds a STUN message (RFC 8489 §5, §14) into a caller-supplied buffer without allocating. The header's
/// length field is kept current after every Add, so <see cref="Written"/> is a complete message at any point.
/// Add MESSAGE-INTEGRITY and then FINGERPRINT last, in that order (§14.5, §14.7).
/// </summary>
/// <remarks>
/// A buffer that is too small is a programming error (size it with <see cref="StunConstants.MaxIceMessageLength"/>)
/// and throws <see cref="ArgumentException"/>.
/// </remarks>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public StunMessageWriter(Span<byte> buffer, StunMethod method, StunClass @class, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunConstants.TransactionIdLength)
        {
            ThrowHelper.ThrowArgument(nameof(transactionId), "A STUN transaction id is 12 bytes.");
        }

        if (buffer.Length < StunConstants.HeaderLength)
        {
            ThrowHelper.ThrowBufferTooSmall(nameof(buffer));
        }

        _buffer = buffer;
        int m = (int)method;
        int c = (int)@class;

        // §5: the class bits C0 and C1 sit at bits 4 and 8, interleaved with the 12 method bits.
        int type = (m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7);
        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunConstants.MagicCookie);
        transactionId.CopyTo(buffer[8..]);
        _length = StunConstants.HeaderLength;
    }

    /// <summary>Bytes written so far (a complete message after the last Add).</summary>
    public readonly int Length => _length;

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>XOR-MAPPED-ADDRESS (§14.2) for a 4-byte (IPv4) or 16-byte (IPv6) address in network order.</summary>
    public void AddXorMappedAddress(ReadOnlySpan<byte> address, ushort port)
    {
        if (address.Length is not (4 or 16))
        {
            ThrowHelper.ThrowArgument(nameof(address), "An IP address is 4 or 16 bytes.");
        }

        Span<byte> value = Begin(StunAttributeType.XorMappedAddress, 4 + address.Length);
        value[0] = 0;
        value[1] = address.Length == 4 ? (byte)0x01 : (byte)0x02;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(port ^ (StunConstants.MagicCookie >> 16)));
        ReadOnlySpan<byte> mask = _buffer.Slice(4, 16); // magic cookie + transaction id
        for (int i = 0; i < address.Length; i++)
        {
            value[4 + i] = (byte)(address[i] ^ mask[i]);
        }
    }

    /// <summary>USERNAME (§14.3), at most 513 bytes of UTF-8.</summary>
    public void AddUsername(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > StunConstants.MaxUsernameLength)
        {
            ThrowHelper.ThrowArgument(nameof(utf8), "USERNAME is at most 513 bytes.");
        }

        utf8.CopyTo(Begin(StunAttributeType.Username, utf8.Length));
    }

    /// <summary>Any attribute, zero-padded to 32 bits (e.g. SOFTWARE). Must come before MESSAGE-INTEGRITY.</summary>
    public void AddAttribute(ushort type, ReadOnlySpan<byte> value) => value.CopyTo(Begin((StunAttributeType)type, value.Length));

    /// <summary>PRIORITY (RFC 8445 §16.1).</summary>
    public void AddPriority(uint priority) =>
        BinaryPrimitives.WriteUInt32BigEndian(Begin(StunAttributeType.Priority, 4), priority);

    /// <summary>USE-CANDIDATE (RFC 8445 §16.1), empty.</summary>
    public void AddUseCandidate() => Begin(StunAttributeType.UseCandidate, 0);

    /// <summary>ICE-CONTROLLING (RFC 8445 §16.1).</summary>
    public void AddIceControlling(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Begin(StunAttributeType.IceControlling, 8), tieBreaker);

    /// <summary>ICE-CONTROLLED (RFC 8445 §16.1).</summary>
    public void AddIceControlled(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Begin(StunAttributeType.IceControlled, 8), tieBreaker);

    /// <summary>ERROR-CODE (§14.8): <paramref name="code"/> in 300..699 and a short UTF-8 reason phrase.</summary>
    public void AddErrorCode(int code, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (code is < 300 or > 699)
        {
            ThrowHelper.ThrowArgument(nameof(code), "A STUN error code is in 300..699.");
        }

        int reasonLength = Encoding.UTF8.GetByteCount(reason);
        if (reasonLength > 763)
        {
            ThrowHelper.ThrowArgument(nameof(reason), "The reason phrase is at most 763 bytes.");
        }

        Span<byte> value = Begin(StunAttributeType.ErrorCode, 4 + reasonLength);
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, value[4..]);
    }

    /// <summary>
    /// MESSAGE-INTEGRITY (§14.5): HMAC-SHA1 keyed with <paramref name="key"/> over the message so far, with the
    /// length field already counting this attribute. Only FINGERPRINT may be added after it.
    /// </summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 8489 §14.5 mandates HMAC-SHA1 for MESSAGE-INTEGRITY.")]
    public void AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int covered = _length;
        Span<byte> value = Begin(StunAttributeType.MessageIntegrity, StunConstants.MessageIntegrityLength);
        HMACSHA1.HashData(key, _buffer[..covered], value);
    }

    /// <summary>
    /// <see cref="AddMessageIntegrity(ReadOnlySpan{byte})"/> with a caller-owned HMAC-SHA1
    /// (<c>IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key)</c>) that is reused across messages.
    /// </summary>
    public void AddMessageIntegrity(IncrementalHash hmacSha1)
    {
        ArgumentNullException.ThrowIfNull(hmacSha1);
        int covered = _length;
        Span<byte> value = Begin(StunAttributeType.MessageIntegrity, StunConstants.MessageIntegrityLength);
        hmacSha1.AppendData(_buffer[..covered]);
        if (!hmacSha1.TryGetHashAndReset(value, out int written) || written != StunConstants.MessageIntegrityLength)
        {
            ThrowHelper.ThrowArgument(nameof(hmacSha1), "MESSAGE-INTEGRITY needs an HMAC-SHA1.");
        }
    }

    /// <summary>FINGERPRINT (§14.7): CRC-32 of the message so far XOR 0x5354554E, with the length counting it.</summary>
    public void AddFingerprint()
    {
        int covered = _length;
        Span<byte> value = Begin(StunAttributeType.Fingerprint, 4);
        BinaryPrimitives.WriteUInt32BigEndian(value, Crc32.HashToUInt32(_buffer[..covered]) ^ StunConstants.FingerprintXor);
    }

    /// <summary>Writes an attribute header, zeroes the padding, updates the message length; returns the value.</summary>
    private Span<byte> Begin(StunAttributeType type, int valueLength)
    {
        int padded = (valueLength + 3) & ~3;
        int end = _length + 4 + padded;
        if (end > _buffer.Length || end - StunConstants.HeaderLength > ushort.MaxValue)
        {
            ThrowHelper.ThrowBufferTooSmall("buffer");
        }

        Span<byte> attribute = _buffer[_length..end];
        BinaryPrimitives.WriteUInt16BigEndian(attribute, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], (ushort)valueLength);
        attribute[(4 + valueLength)..].Clear();
        _length = end;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(end - StunConstants.HeaderLength));
        return attribute.Slice(4, valueLength);
    }
}
