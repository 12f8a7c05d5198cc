using VibezLive.Protocols.Srtp;

namespace VibezLive.Protocols.Tests.Srtp;

/// <summary>Published test vectors: RFC 3711 Appendix B.2/B.3 and RFC 7714 §16–17.</summary>
public sealed class SrtpVectorTests
{
    // RFC 7714 §16 and §17 share key material ("Quid pro quo" salt) and stated below the KDF (session keys).
    private const string Gcm128Key = "000102030405060708090a0b0c0d0e0f";
    private const string Gcm256Key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string GcmSalt = "517569642070726f2071756f";
    private const string Rtp = "8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";
    private const string Srtp128 = "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce";
    private const string Srtp256 = "8040f17b8041f8d35501a0b232b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b7aa3db36dfffd6b0f9bb7878d7a76c13";
    private const string Rtcp = "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";
    private const string Srtcp128 = "81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade800005d4";
    private const string Srtcp256 = "81c8000d4d617273d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad1d1eb30c4446839f57ff6f6cb26ac3be800005d4";
    private const string Srtcp128TagOnly = "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef841dd9683dd78ec92ae58790125f62b3000005d4";
    private const uint SrtcpIndex = 0x5d4;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rfc3711_B2_AesCm_keystream(bool intrinsics)
    {
        byte[] key = Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] salt = Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
        using var cipher = new SrtpAesCmCipher(10, key, salt, new byte[20], key, salt, new byte[20], intrinsics);
        var buffer = new byte[48 + 10];

        // SSRC 0, ROC 0, SEQ 0: encrypting zeros yields the keystream.
        cipher.ProtectRtp(buffer, 0, 48, 0, 0);

        Assert.Equal(
            "E03EAD0935C95E80E166B16DD92B4EB4" + "D23513162B02D0F72A43A2FE4A5F97AB" + "41E95B3BB0A2E8DD477901E4FCA894C0",
            Convert.ToHexString(buffer, 0, 48));
    }

    [Theory]
    [InlineData(0x00, "C61E7A93744F39EE10734AFE3FF7A087")]
    [InlineData(0x02, "30CBBC08863D8C85D49DB34A9AE1")]
    [InlineData(0x01, "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCEE049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC256D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2")]
    public void Rfc3711_B3_key_derivation(byte label, string expected)
    {
        byte[] masterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");
        var output = new byte[expected.Length / 2];

        SrtpKeyDerivation.Derive(masterKey, masterSalt, label, output);

        Assert.Equal(expected, Convert.ToHexString(output));
    }

    [Theory]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, Gcm128Key, Srtp128, true)]  // RFC 7714 §16.1.1
    [InlineData(SrtpProtectionProfile.AeadAes256Gcm, Gcm256Key, Srtp256, true)]  // RFC 7714 §16.2.1
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, Gcm128Key, Srtp128, false)] // same through the BCL's AesGcm
    [InlineData(SrtpProtectionProfile.AeadAes256Gcm, Gcm256Key, Srtp256, false)]
    public void Rfc7714_16_srtp_protect(SrtpProtectionProfile profile, string key, string expected, bool intrinsics)
    {
        using var session = SrtpSession.FromSessionKeys(profile, Convert.FromHexString(key), Convert.FromHexString(GcmSalt), allowIntrinsics: intrinsics);
        byte[] buffer = Buffer(Rtp, out int length);

        Assert.Equal(SrtpError.None, session.ProtectRtp(buffer, length, out int protectedLength));

        Assert.Equal(expected, Convert.ToHexString(buffer, 0, protectedLength), ignoreCase: true);
    }

    [Theory]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, Gcm128Key, Srtp128, true)]  // RFC 7714 §16.1.2
    [InlineData(SrtpProtectionProfile.AeadAes256Gcm, Gcm256Key, Srtp256, true)]  // RFC 7714 §16.2.2
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, Gcm128Key, Srtp128, false)]
    [InlineData(SrtpProtectionProfile.AeadAes256Gcm, Gcm256Key, Srtp256, false)]
    public void Rfc7714_16_srtp_unprotect(SrtpProtectionProfile profile, string key, string protectedHex, bool intrinsics)
    {
        using var session = SrtpSession.FromSessionKeys(profile, Convert.FromHexString(key), Convert.FromHexString(GcmSalt), allowIntrinsics: intrinsics);
        byte[] buffer = Buffer(protectedHex, out int length);

        Assert.Equal(SrtpError.None, session.UnprotectRtp(buffer, length, out int plainLength));

        Assert.Equal(Rtp, Convert.ToHexString(buffer, 0, plainLength), ignoreCase: true);
    }

    [Theory]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, Gcm128Key, Srtcp128, true)]  // RFC 7714 §17.1
    [InlineData(SrtpProtectionProfile.AeadAes256Gcm, Gcm256Key, Srtcp256, true)]  // RFC 7714 §17.2
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, Gcm128Key, Srtcp128, false)]
    [InlineData(SrtpProtectionProfile.AeadAes256Gcm, Gcm256Key, Srtcp256, false)]
    public void Rfc7714_17_srtcp_protect_and_unprotect(SrtpProtectionProfile profile, string key, string expected, bool intrinsics)
    {
        using var sender = SrtpSession.FromSessionKeys(profile, Convert.FromHexString(key), Convert.FromHexString(GcmSalt), allowIntrinsics: intrinsics);
        using var receiver = SrtpSession.FromSessionKeys(profile, Convert.FromHexString(key), Convert.FromHexString(GcmSalt), allowIntrinsics: !intrinsics);
        sender.SetNextSrtcpIndex(0x4d617273, SrtcpIndex);
        byte[] buffer = Buffer(Rtcp, out int length);

        Assert.Equal(SrtpError.None, sender.ProtectRtcp(buffer, length, out int protectedLength));
        Assert.Equal(expected, Convert.ToHexString(buffer, 0, protectedLength), ignoreCase: true);

        Assert.Equal(SrtpError.None, receiver.UnprotectRtcp(buffer, protectedLength, out int plainLength));
        Assert.Equal(Rtcp, Convert.ToHexString(buffer, 0, plainLength), ignoreCase: true);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rfc7714_17_3_srtcp_authenticated_only_E_flag_clear(bool intrinsics)
    {
        using var receiver = SrtpSession.FromSessionKeys(SrtpProtectionProfile.AeadAes128Gcm, Convert.FromHexString(Gcm128Key), Convert.FromHexString(GcmSalt), allowIntrinsics: intrinsics);
        byte[] buffer = Buffer(Srtcp128TagOnly, out int length);

        Assert.Equal(SrtpError.None, receiver.UnprotectRtcp(buffer, length, out int plainLength));

        Assert.Equal(Rtcp, Convert.ToHexString(buffer, 0, plainLength), ignoreCase: true);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rfc7714_17_3_srtcp_authenticated_only_with_a_flipped_bit_fails(bool intrinsics)
    {
        using var receiver = SrtpSession.FromSessionKeys(SrtpProtectionProfile.AeadAes128Gcm, Convert.FromHexString(Gcm128Key), Convert.FromHexString(GcmSalt), allowIntrinsics: intrinsics);
        byte[] buffer = Buffer(Srtcp128TagOnly, out int length);
        buffer[20] ^= 1;

        Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtcp(buffer, length, out _));
    }

    private static byte[] Buffer(string hex, out int length)
    {
        byte[] bytes = Convert.FromHexString(hex);
        length = bytes.Length;
        var buffer = new byte[length + SrtpSession.MaxOverhead];
        bytes.CopyTo(buffer, 0);
        return buffer;
    }
}
