using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace VibezLive.Protocols.Srtp;

/// <summary>AES-128/256 encryption key schedules (FIPS 197 §5.2) computed with AESKEYGENASSIST; callers check AES-NI support.</summary>
internal static class AesNiKeySchedule
{
    public static Vector128<byte>[] Expand128(ReadOnlySpan<byte> key)
    {
        var rk = new Vector128<byte>[11];
        rk[0] = Vector128.Create(key);
        rk[1] = Expand(rk[0], X86Aes.KeygenAssist(rk[0], 0x01), 0xFF);
        rk[2] = Expand(rk[1], X86Aes.KeygenAssist(rk[1], 0x02), 0xFF);
        rk[3] = Expand(rk[2], X86Aes.KeygenAssist(rk[2], 0x04), 0xFF);
        rk[4] = Expand(rk[3], X86Aes.KeygenAssist(rk[3], 0x08), 0xFF);
        rk[5] = Expand(rk[4], X86Aes.KeygenAssist(rk[4], 0x10), 0xFF);
        rk[6] = Expand(rk[5], X86Aes.KeygenAssist(rk[5], 0x20), 0xFF);
        rk[7] = Expand(rk[6], X86Aes.KeygenAssist(rk[6], 0x40), 0xFF);
        rk[8] = Expand(rk[7], X86Aes.KeygenAssist(rk[7], 0x80), 0xFF);
        rk[9] = Expand(rk[8], X86Aes.KeygenAssist(rk[8], 0x1B), 0xFF);
        rk[10] = Expand(rk[9], X86Aes.KeygenAssist(rk[9], 0x36), 0xFF);
        return rk;
    }

    public static Vector128<byte>[] Expand256(ReadOnlySpan<byte> key)
    {
        var rk = new Vector128<byte>[15];
        rk[0] = Vector128.Create(key[..16]);
        rk[1] = Vector128.Create(key[16..]);
        rk[2] = Expand(rk[0], X86Aes.KeygenAssist(rk[1], 0x01), 0xFF);
        rk[3] = Expand(rk[1], X86Aes.KeygenAssist(rk[2], 0x00), 0xAA);
        rk[4] = Expand(rk[2], X86Aes.KeygenAssist(rk[3], 0x02), 0xFF);
        rk[5] = Expand(rk[3], X86Aes.KeygenAssist(rk[4], 0x00), 0xAA);
        rk[6] = Expand(rk[4], X86Aes.KeygenAssist(rk[5], 0x04), 0xFF);
        rk[7] = Expand(rk[5], X86Aes.KeygenAssist(rk[6], 0x00), 0xAA);
        rk[8] = Expand(rk[6], X86Aes.KeygenAssist(rk[7], 0x08), 0xFF);
        rk[9] = Expand(rk[7], X86Aes.KeygenAssist(rk[8], 0x00), 0xAA);
        rk[10] = Expand(rk[8], X86Aes.KeygenAssist(rk[9], 0x10), 0xFF);
        rk[11] = Expand(rk[9], X86Aes.KeygenAssist(rk[10], 0x00), 0xAA);
        rk[12] = Expand(rk[10], X86Aes.KeygenAssist(rk[11], 0x20), 0xFF);
        rk[13] = Expand(rk[11], X86Aes.KeygenAssist(rk[12], 0x00), 0xAA);
        rk[14] = Expand(rk[12], X86Aes.KeygenAssist(rk[13], 0x40), 0xFF);
        return rk;
    }

    /// <summary>One key-schedule step: w ^= w &lt;&lt; 32 (three times, as a prefix XOR) then XOR the broadcast assist word.</summary>
    private static Vector128<byte> Expand(Vector128<byte> previous, Vector128<byte> assist, byte broadcast)
    {
        Vector128<int> t = broadcast == 0xFF ? Sse2.Shuffle(assist.AsInt32(), 0xFF) : Sse2.Shuffle(assist.AsInt32(), 0xAA);
        Vector128<byte> w = previous;
        w ^= Sse2.ShiftLeftLogical128BitLane(w, 4);
        w ^= Sse2.ShiftLeftLogical128BitLane(w, 4);
        w ^= Sse2.ShiftLeftLogical128BitLane(w, 4);
        return w ^ t.AsByte();
    }

    /// <summary>Encrypts one block with an expanded key.</summary>
    public static Vector128<byte> EncryptBlock(Vector128<byte>[] keys, Vector128<byte> block)
    {
        int rounds = keys.Length - 1;
        block ^= keys[0];
        for (int r = 1; r < rounds; r++)
        {
            block = X86Aes.Encrypt(block, keys[r]);
        }

        return X86Aes.EncryptLast(block, keys[rounds]);
    }
}
