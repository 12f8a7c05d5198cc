using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace VibezLive.Protocols.Srtp;

/// <summary>SRTP key derivation with the AES-CM PRF and key_derivation_rate 0 (RFC 3711 §4.3.1, §4.3.3; RFC 7714 §11).</summary>
internal static class SrtpKeyDerivation
{
    public const byte RtpEncryption = 0x00;
    public const byte RtpAuthentication = 0x01;
    public const byte RtpSalt = 0x02;
    public const byte RtcpEncryption = 0x03;
    public const byte RtcpAuthentication = 0x04;
    public const byte RtcpSalt = 0x05;

    /// <summary>
    /// Fills <paramref name="output"/> with the PRF output for <paramref name="label"/>: AES-CM keystream under the master
    /// key, IV = (master_salt XOR (label || r)) * 2^16 with r = 0. A 96-bit GCM master salt occupies the first 12 of the
    /// 14 bytes (zero padded), as libsrtp and therefore browsers do.
    /// </summary>
    [SuppressMessage("Security", "CA5358:Do not use unsafe cipher modes", Justification = "ECB on counter blocks is how AES-CM (RFC 3711 §4.1.1) is built.")]
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        int blocks = (output.Length + 15) / 16;
        Span<byte> counters = stackalloc byte[blocks * 16];
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt[..Math.Min(masterSalt.Length, 14)].CopyTo(iv);
        iv[7] ^= label;
        for (int i = 0; i < blocks; i++)
        {
            Span<byte> block = counters.Slice(i * 16, 16);
            iv.CopyTo(block);
            block[14] = (byte)(i >> 8);
            block[15] = (byte)i;
        }

        using Aes aes = Aes.Create();
        byte[] key = masterKey.ToArray();
        aes.Key = key;
        CryptographicOperations.ZeroMemory(key);
        Span<byte> keystream = stackalloc byte[blocks * 16];
        aes.EncryptEcb(counters, keystream, PaddingMode.None);
        keystream[..output.Length].CopyTo(output);
        CryptographicOperations.ZeroMemory(keystream);
    }
}
