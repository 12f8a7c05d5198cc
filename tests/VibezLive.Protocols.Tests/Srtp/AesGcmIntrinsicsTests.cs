using System.Security.Cryptography;
using VibezLive.Protocols.Srtp;

namespace VibezLive.Protocols.Tests.Srtp;

/// <summary>The AES-NI/PCLMULQDQ GCM agrees with the BCL's <see cref="AesGcm"/> on every length that matters.</summary>
public sealed class AesGcmIntrinsicsTests
{
    [Fact]
    public void Matches_the_bcl_for_random_keys_lengths_and_associated_data()
    {
        if (!AesGcmIntrinsics.IsSupported)
        {
            return; // nothing to compare on this CPU; the BCL path is used
        }

        var random = new Random(5);
        foreach (int keyLength in new[] { 16, 32 })
        {
            for (int trial = 0; trial < 300; trial++)
            {
                byte[] key = Bytes(random, keyLength);
                byte[] nonce = Bytes(random, 12);
                byte[] aad = Bytes(random, random.Next(0, 3) == 0 ? random.Next(0, 100) : random.Next(8, 80));
                byte[] plain = Bytes(random, trial < 150 ? trial : random.Next(0, 1500));

                using var reference = new AesGcm(key, 16);
                var expected = new byte[plain.Length];
                var expectedTag = new byte[16];
                reference.Encrypt(nonce, plain, expected, expectedTag, aad);

                var ours = new AesGcmIntrinsics(key);
                byte[] data = plain.ToArray();
                var tag = new byte[16];
                ours.Encrypt(nonce, data, tag, aad);
                Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(data));
                Assert.Equal(Convert.ToHexString(expectedTag), Convert.ToHexString(tag));

                Assert.True(ours.Decrypt(nonce, data, tag, aad));
                Assert.Equal(plain, data);
            }
        }
    }

    [Fact]
    public void A_wrong_tag_is_rejected_and_the_ciphertext_left_untouched()
    {
        if (!AesGcmIntrinsics.IsSupported)
        {
            return;
        }

        var random = new Random(6);
        var gcm = new AesGcmIntrinsics(Bytes(random, 16));
        byte[] nonce = Bytes(random, 12);
        byte[] data = Bytes(random, 100);
        var tag = new byte[16];
        gcm.Encrypt(nonce, data, tag, [1, 2, 3]);
        byte[] ciphertext = data.ToArray();

        tag[15] ^= 1;
        Assert.False(gcm.Decrypt(nonce, data, tag, [1, 2, 3]));
        Assert.Equal(ciphertext, data);
        tag[15] ^= 1;
        Assert.False(gcm.Decrypt(nonce, data, tag, [1, 2, 4]));
        Assert.True(gcm.Decrypt(nonce, data, tag, [1, 2, 3]));
    }

    private static byte[] Bytes(Random random, int length)
    {
        var b = new byte[length];
        random.NextBytes(b);
        return b;
    }
}
