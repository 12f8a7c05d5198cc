using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace VibezLive.Protocols.Srtp;

/// <summary>
/// AES-128 in SRTP's counter mode (RFC 3711 §4.1.1) on AES-NI: block j of the keystream is E(k, IV + j) where the low 16
/// bits of the IV are zero, so IV + j only ever changes the last two bytes. Four blocks in flight.
/// </summary>
internal sealed class AesCtrIntrinsics
{
    private readonly Vector128<byte>[] _roundKeys;

    public AesCtrIntrinsics(ReadOnlySpan<byte> key) => _roundKeys = AesNiKeySchedule.Expand128(key);

    /// <summary>Wipes the expanded key.</summary>
    public void Clear() => Array.Clear(_roundKeys);

    public static bool IsSupported => X86Aes.IsSupported && System.Runtime.Intrinsics.X86.Sse2.IsSupported;

    /// <summary>XORs the keystream for <paramref name="iv"/> (16 bytes, last two zero) into <paramref name="data"/>.</summary>
    [SkipLocalsInit]
    public void Apply(Vector128<byte> iv, Span<byte> data)
    {
        Vector128<byte>[] keys = _roundKeys;
        int rounds = keys.Length - 1;
        ref byte start = ref MemoryMarshal.GetReference(data);
        Vector128<ushort> baseBlock = iv.AsUInt16();
        int i = 0;
        ushort counter = 0;
        for (; i + 64 <= data.Length; i += 64, counter += 4)
        {
            Vector128<byte> k = keys[0];
            Vector128<byte> c0 = WithCounter(baseBlock, counter) ^ k;
            Vector128<byte> c1 = WithCounter(baseBlock, (ushort)(counter + 1)) ^ k;
            Vector128<byte> c2 = WithCounter(baseBlock, (ushort)(counter + 2)) ^ k;
            Vector128<byte> c3 = WithCounter(baseBlock, (ushort)(counter + 3)) ^ k;
            for (int r = 1; r < rounds; r++)
            {
                k = keys[r];
                c0 = X86Aes.Encrypt(c0, k);
                c1 = X86Aes.Encrypt(c1, k);
                c2 = X86Aes.Encrypt(c2, k);
                c3 = X86Aes.Encrypt(c3, k);
            }

            k = keys[rounds];
            (Vector128.LoadUnsafe(ref start, (nuint)i) ^ X86Aes.EncryptLast(c0, k)).StoreUnsafe(ref start, (nuint)i);
            (Vector128.LoadUnsafe(ref start, (nuint)(i + 16)) ^ X86Aes.EncryptLast(c1, k)).StoreUnsafe(ref start, (nuint)(i + 16));
            (Vector128.LoadUnsafe(ref start, (nuint)(i + 32)) ^ X86Aes.EncryptLast(c2, k)).StoreUnsafe(ref start, (nuint)(i + 32));
            (Vector128.LoadUnsafe(ref start, (nuint)(i + 48)) ^ X86Aes.EncryptLast(c3, k)).StoreUnsafe(ref start, (nuint)(i + 48));
        }

        for (; i + 16 <= data.Length; i += 16, counter++)
        {
            Vector128<byte> ks = AesNiKeySchedule.EncryptBlock(keys, WithCounter(baseBlock, counter));
            (Vector128.LoadUnsafe(ref start, (nuint)i) ^ ks).StoreUnsafe(ref start, (nuint)i);
        }

        if (i < data.Length)
        {
            Span<byte> keystream = stackalloc byte[16];
            AesNiKeySchedule.EncryptBlock(keys, WithCounter(baseBlock, counter)).CopyTo(keystream);
            for (int j = 0; i < data.Length; i++, j++)
            {
                data[i] ^= keystream[j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> WithCounter(Vector128<ushort> iv, ushort counter) =>
        iv.WithElement(7, System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(counter)).AsByte();
}
