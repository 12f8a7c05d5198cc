using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace VibezLive.Protocols.Srtp;

/// <summary>
/// AEAD_AES_128_GCM / AEAD_AES_256_GCM (RFC 7714), 16-byte tags. Uses <see cref="AesGcmIntrinsics"/> where the CPU has
/// AES-NI and PCLMULQDQ, otherwise one reused <see cref="AesGcm"/> per key.
/// </summary>
[SkipLocalsInit] // every stackalloc below is fully written before it is read
internal sealed class SrtpAesGcmCipher : SrtpCipher
{
    private const int TagLength = 16;

    private readonly AesGcmIntrinsics? _rtpFast;
    private readonly AesGcmIntrinsics? _rtcpFast;
    private readonly AesGcm? _rtp;
    private readonly AesGcm? _rtcp;
    private readonly byte[] _rtpSalt = new byte[12];
    private readonly byte[] _rtcpSalt = new byte[12];

    public SrtpAesGcmCipher(ReadOnlySpan<byte> rtpKey, ReadOnlySpan<byte> rtpSalt, ReadOnlySpan<byte> rtcpKey, ReadOnlySpan<byte> rtcpSalt,
        bool allowIntrinsics = true)
    {
        if (allowIntrinsics && AesGcmIntrinsics.IsSupported)
        {
            _rtpFast = new AesGcmIntrinsics(rtpKey);
            _rtcpFast = new AesGcmIntrinsics(rtcpKey);
        }
        else
        {
            _rtp = new AesGcm(rtpKey, TagLength);
            _rtcp = new AesGcm(rtcpKey, TagLength);
        }

        rtpSalt.CopyTo(_rtpSalt);
        rtcpSalt.CopyTo(_rtcpSalt);
    }

    public override int RtpOverhead => TagLength;

    public override int RtcpOverhead => TagLength + 4;

    // RFC 7714 §9.1: header | ciphertext | tag | E + SRTCP index.
    public override int RtcpTrailerOffset(int length) => length - 4;

    public override void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[12];
        RtpNonce(ssrc, index, nonce);
        Span<byte> payload = packet[headerLength..length];
        Seal(_rtpFast, _rtp, nonce, payload, packet.Slice(length, TagLength), packet[..headerLength]);
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[12];
        RtpNonce(ssrc, index, nonce);
        int end = length - TagLength;
        Span<byte> payload = packet[headerLength..end];
        return Open(_rtpFast, _rtp, nonce, payload, packet.Slice(end, TagLength), packet[..headerLength]);
    }

    public override void ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        Span<byte> nonce = stackalloc byte[12];
        RtcpNonce(ssrc, index, nonce);
        uint trailer = 0x8000_0000u | index;

        // RFC 7714 §9.1: AAD = first 8 header bytes || E + SRTCP index.
        Span<byte> aad = stackalloc byte[12];
        packet[..8].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[8..], trailer);
        Span<byte> body = packet[8..length];
        Seal(_rtcpFast, _rtcp, nonce, body, packet.Slice(length, TagLength), aad);
        BinaryPrimitives.WriteUInt32BigEndian(packet[(length + TagLength)..], trailer);
    }

    public override bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint index, bool encrypted)
    {
        Span<byte> nonce = stackalloc byte[12];
        RtcpNonce(ssrc, index, nonce);
        int tagOffset = length - 4 - TagLength;
        Span<byte> tag = stackalloc byte[TagLength];
        packet.Slice(tagOffset, TagLength).CopyTo(tag);
        if (encrypted)
        {
            Span<byte> aad = stackalloc byte[12];
            packet[..8].CopyTo(aad);
            packet.Slice(length - 4, 4).CopyTo(aad[8..]);
            return Open(_rtcpFast, _rtcp, nonce, packet[8..tagOffset], tag, aad);
        }

        // RFC 7714 §17.3 (E = 0): everything is associated data. Move the index word next to the packet (over the saved
        // tag) so that the AAD is one contiguous span.
        packet.Slice(length - 4, 4).CopyTo(packet[tagOffset..]);
        return Open(_rtcpFast, _rtcp, nonce, Span<byte>.Empty, tag, packet[..(tagOffset + 4)]);
    }

    public override void Dispose()
    {
        _rtp?.Dispose();
        _rtcp?.Dispose();
        _rtpFast?.Clear();
        _rtcpFast?.Clear();
    }

    private static void Seal(AesGcmIntrinsics? fast, AesGcm? bcl, ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> aad)
    {
        if (fast is not null)
        {
            fast.Encrypt(nonce, data, tag, aad);
        }
        else
        {
            bcl!.Encrypt(nonce, data, data, tag, aad);
        }
    }

    private static bool Open(AesGcmIntrinsics? fast, AesGcm? bcl, ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        if (fast is not null)
        {
            return fast.Decrypt(nonce, data, tag, aad);
        }

        try
        {
            bcl!.Decrypt(nonce, data, tag, data, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false; // the BCL reports a forged tag by throwing
        }
    }

    /// <summary>RFC 7714 §8.1: IV = (00 00 || SSRC || ROC || SEQ) XOR salt.</summary>
    private void RtpNonce(uint ssrc, ulong index, Span<byte> nonce)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], (uint)(index >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], (ushort)index);
        XorSalt(nonce, _rtpSalt);
    }

    /// <summary>RFC 7714 §9.1: IV = (00 00 || SSRC || 00 00 || 0 + SRTCP index) XOR salt.</summary>
    private void RtcpNonce(uint ssrc, uint index, Span<byte> nonce)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        nonce[6] = 0;
        nonce[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index & 0x7FFF_FFFFu);
        XorSalt(nonce, _rtcpSalt);
    }

    private static void XorSalt(Span<byte> nonce, ReadOnlySpan<byte> salt)
    {
        for (int i = 0; i < 12; i++)
        {
            nonce[i] ^= salt[i];
        }
    }
}
