using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace VibezLive.Protocols.Srtp;

/// <summary>
/// AES_CM_128_HMAC_SHA1_80 / _32 (RFC 3711 §4.1.1, §4.2.1; RFC 5764 §4.1.2). The keystream comes from
/// <see cref="AesCtrIntrinsics"/> on AES-NI, otherwise from AES-ECB over counter blocks built in a reused array (a reused
/// ECB transform does not allocate; <c>Aes.EncryptEcb</c> does) XORed with vectors. HMAC state is reused.
/// </summary>
[SuppressMessage("Security", "CA5350:Do not use weak cryptographic algorithms", Justification = "HMAC-SHA1 is mandated by RFC 3711 for these profiles.")]
[SuppressMessage("Security", "CA5358:Do not use unsafe cipher modes", Justification = "ECB on counter blocks is how AES-CM (RFC 3711 §4.1.1) is built.")]
[SkipLocalsInit] // every stackalloc below is fully written before it is read
internal sealed class SrtpAesCmCipher : SrtpCipher
{
    private const int ChunkBytes = 2048;    // keystream generated per AES call; bounds the scratch arrays
    private const int RtcpTagLength = 10;   // SRTCP always uses an 80-bit tag with AES-CM (RFC 5764 §4.1.2)

    private readonly int _rtpTagLength;
    private readonly Aes _rtpAes;
    private readonly Aes _rtcpAes;
    private readonly ICryptoTransform _rtpEcb;
    private readonly ICryptoTransform _rtcpEcb;
    private readonly IncrementalHash _rtpHmac;
    private readonly IncrementalHash _rtcpHmac;
    private readonly byte[] _rtpSalt = new byte[14];
    private readonly byte[] _rtcpSalt = new byte[14];
    private readonly byte[] _counters = new byte[ChunkBytes];
    private readonly byte[] _keystream = new byte[ChunkBytes];
    private readonly AesCtrIntrinsics? _rtpCtr;
    private readonly AesCtrIntrinsics? _rtcpCtr;

    public SrtpAesCmCipher(int rtpTagLength, ReadOnlySpan<byte> rtpKey, ReadOnlySpan<byte> rtpSalt, ReadOnlySpan<byte> rtpAuthKey,
        ReadOnlySpan<byte> rtcpKey, ReadOnlySpan<byte> rtcpSalt, ReadOnlySpan<byte> rtcpAuthKey, bool allowIntrinsics = true)
    {
        _rtpTagLength = rtpTagLength;
        if (allowIntrinsics && AesCtrIntrinsics.IsSupported)
        {
            _rtpCtr = new AesCtrIntrinsics(rtpKey);
            _rtcpCtr = new AesCtrIntrinsics(rtcpKey);
        }

        (_rtpAes, _rtpEcb) = CreateEcb(rtpKey);
        (_rtcpAes, _rtcpEcb) = CreateEcb(rtcpKey);
        rtpSalt.CopyTo(_rtpSalt);
        rtcpSalt.CopyTo(_rtcpSalt);
        _rtpHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, rtpAuthKey);
        _rtcpHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, rtcpAuthKey);
    }

    public override int RtpOverhead => _rtpTagLength;

    public override int RtcpOverhead => 4 + RtcpTagLength;

    public override int RtcpTrailerOffset(int length) => length - RtcpTagLength - 4;

    public override void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        ApplyKeystream(_rtpCtr, _rtpEcb, _rtpSalt, ssrc, index, packet[headerLength..length]);

        // RFC 3711 §4.2: tag = HMAC(packet || ROC). The ROC goes where the tag will be, so HMAC sees one span.
        Span<byte> mac = stackalloc byte[20];
        BinaryPrimitives.WriteUInt32BigEndian(packet[length..], (uint)(index >> 16));
        _rtpHmac.AppendData(packet[..(length + 4)]);
        _rtpHmac.TryGetHashAndReset(mac, out _);
        mac[.._rtpTagLength].CopyTo(packet[length..]);
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        int authenticated = length - _rtpTagLength;
        Span<byte> tag = stackalloc byte[10];
        Span<byte> mac = stackalloc byte[20];
        packet.Slice(authenticated, _rtpTagLength).CopyTo(tag);

        // Same single-span trick as on protect: the ROC overwrites the saved received tag (tags are 4 or 10 bytes).
        BinaryPrimitives.WriteUInt32BigEndian(packet[authenticated..], (uint)(index >> 16));
        _rtpHmac.AppendData(packet[..(authenticated + 4)]);
        _rtpHmac.TryGetHashAndReset(mac, out _);
        if (!CryptographicOperations.FixedTimeEquals(mac[.._rtpTagLength], tag[.._rtpTagLength]))
        {
            tag[.._rtpTagLength].CopyTo(packet[authenticated..]); // leave a rejected packet as it came
            return false;
        }

        ApplyKeystream(_rtpCtr, _rtpEcb, _rtpSalt, ssrc, index, packet[headerLength..authenticated]);
        return true;
    }

    public override void ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        // RFC 3711 §3.4: header | encrypted | E + SRTCP index | tag over everything before the tag.
        ApplyKeystream(_rtcpCtr, _rtcpEcb, _rtcpSalt, ssrc, index, packet[8..length]);
        BinaryPrimitives.WriteUInt32BigEndian(packet[length..], 0x8000_0000u | index);
        Span<byte> mac = stackalloc byte[20];
        _rtcpHmac.AppendData(packet[..(length + 4)]);
        _rtcpHmac.TryGetHashAndReset(mac, out _);
        mac[..RtcpTagLength].CopyTo(packet[(length + 4)..]);
    }

    public override bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint index, bool encrypted)
    {
        int authenticated = length - RtcpTagLength;
        Span<byte> mac = stackalloc byte[20];
        _rtcpHmac.AppendData(packet[..authenticated]);
        _rtcpHmac.TryGetHashAndReset(mac, out _);
        if (!CryptographicOperations.FixedTimeEquals(mac[..RtcpTagLength], packet.Slice(authenticated, RtcpTagLength)))
        {
            return false;
        }

        if (encrypted)
        {
            ApplyKeystream(_rtcpCtr, _rtcpEcb, _rtcpSalt, ssrc, index, packet[8..(authenticated - 4)]);
        }

        return true;
    }

    public override void Dispose()
    {
        _rtpEcb.Dispose();
        _rtcpEcb.Dispose();
        _rtpAes.Dispose();
        _rtcpAes.Dispose();
        _rtpHmac.Dispose();
        _rtcpHmac.Dispose();
        CryptographicOperations.ZeroMemory(_keystream);
        _rtpCtr?.Clear();
        _rtcpCtr?.Clear();
    }

    /// <summary>
    /// XORs AES-CM keystream into <paramref name="data"/>. IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)
    /// (RFC 3711 §4.1.1); block j uses IV + j in the low 16 bits.
    /// </summary>
    private void ApplyKeystream(AesCtrIntrinsics? ctr, ICryptoTransform ecb, byte[] salt, uint ssrc, ulong index, Span<byte> data)
    {
        // High 8 bytes: salt[0..8) with SSRC XORed into bytes 4..7; low 8 bytes: salt[8..14) XOR index, counter in 14..15.
        ulong hi = BinaryPrimitives.ReadUInt64BigEndian(salt) ^ ssrc;
        ulong lo = ((ulong)BinaryPrimitives.ReadUInt32BigEndian(salt.AsSpan(8)) << 32 | (ulong)BinaryPrimitives.ReadUInt16BigEndian(salt.AsSpan(12)) << 16)
            ^ (index << 16);
        if (ctr is not null)
        {
            ctr.Apply(Vector128.Create(BinaryPrimitives.ReverseEndianness(hi), BinaryPrimitives.ReverseEndianness(lo)).AsByte(), data);
            return;
        }

        ulong hiWire = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(hi) : hi;
        int counter = 0;
        while (!data.IsEmpty)
        {
            int chunk = Math.Min(data.Length, ChunkBytes);
            int blocks = (chunk + 15) >> 4;
            Span<ulong> words = MemoryMarshal.Cast<byte, ulong>(_counters.AsSpan(0, blocks * 16));
            for (int b = 0; b < blocks; b++, counter++)
            {
                ulong l = lo | (ushort)counter;
                words[2 * b] = hiWire;
                words[(2 * b) + 1] = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(l) : l;
            }

            ecb.TransformBlock(_counters, 0, blocks * 16, _keystream, 0);
            Xor(data[..chunk], _keystream.AsSpan(0, chunk));
            data = data[chunk..];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<byte>.Count;
            for (; i <= data.Length - width; i += width)
            {
                Vector<byte> v = new Vector<byte>(data[i..]) ^ new Vector<byte>(keystream[i..]);
                v.CopyTo(data[i..]);
            }
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }

    private static (Aes Aes, ICryptoTransform Ecb) CreateEcb(ReadOnlySpan<byte> key)
    {
        Aes aes = Aes.Create();
        aes.Mode = CipherMode.ECB;
        aes.Padding = PaddingMode.None;
        byte[] k = key.ToArray();
        ICryptoTransform ecb = aes.CreateEncryptor(k, null);
        CryptographicOperations.ZeroMemory(k);
        return (aes, ecb);
    }
}
