using System.Buffers.Binary;
using VibezLive.Protocols.Srtp;

namespace VibezLive.Protocols.Tests.Srtp;

/// <summary>SRTP/SRTCP against libsrtp 2 (what Chrome and mediasoup use), in both directions, byte for byte.</summary>
public sealed class LibSrtpInteropTests
{
    [LibSrtpTheory]
    [MemberData(nameof(SrtpTestPackets.AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Our_srtp_is_byte_identical_to_libsrtp_and_libsrtp_unprotects_it(SrtpProtectionProfile profile)
    {
        (byte[] key, byte[] salt) = Keys(profile);
        using var ours = new SrtpSession(profile, key, salt);
        using var libProtect = new LibSrtpHarness((int)profile, protect: true, [.. key, .. salt]);
        using var libUnprotect = new LibSrtpHarness((int)profile, protect: false, [.. key, .. salt]);

        foreach ((ushort seq, int size, bool ext) in Packets())
        {
            byte[] buffer = SrtpTestPackets.Rtp(0x5EED, seq, size, out int length, ext);
            byte[] plain = buffer[..length];

            Assert.Equal(SrtpError.None, ours.ProtectRtp(buffer, length, out int protectedLength));
            byte[]? theirs = libProtect.Apply(rtcp: false, plain, out int status);
            Assert.True(theirs is not null, $"libsrtp protect failed: {status}");
            Assert.Equal(Convert.ToHexString(theirs), Convert.ToHexString(buffer, 0, protectedLength));

            byte[]? unprotected = libUnprotect.Apply(rtcp: false, buffer.AsSpan(0, protectedLength), out status);
            Assert.True(unprotected is not null, $"libsrtp unprotect failed: {status}");
            Assert.Equal(plain, unprotected);
        }
    }

    [LibSrtpTheory]
    [MemberData(nameof(SrtpTestPackets.AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void We_unprotect_what_libsrtp_protects(SrtpProtectionProfile profile)
    {
        (byte[] key, byte[] salt) = Keys(profile);
        using var ours = new SrtpSession(profile, key, salt);
        using var libProtect = new LibSrtpHarness((int)profile, protect: true, [.. key, .. salt]);

        foreach ((ushort seq, int size, bool ext) in Packets())
        {
            byte[] plain = SrtpTestPackets.Rtp(0xBEEF, seq, size, out int length, ext)[..length];
            byte[] theirs = libProtect.Apply(rtcp: false, plain, out _)!;
            var buffer = new byte[theirs.Length];
            theirs.CopyTo(buffer, 0);

            Assert.Equal(SrtpError.None, ours.UnprotectRtp(buffer, theirs.Length, out int plainLength));
            Assert.Equal(plain, buffer[..plainLength]);
        }
    }

    [LibSrtpTheory]
    [MemberData(nameof(SrtpTestPackets.AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Srtcp_matches_libsrtp_in_both_directions(SrtpProtectionProfile profile)
    {
        (byte[] key, byte[] salt) = Keys(profile);
        using var ours = new SrtpSession(profile, key, salt);
        using var oursIn = new SrtpSession(profile, key, salt);
        using var libProtect = new LibSrtpHarness((int)profile, protect: true, [.. key, .. salt]);
        using var libUnprotect = new LibSrtpHarness((int)profile, protect: false, [.. key, .. salt]);

        for (int i = 0; i < 5; i++)
        {
            byte[] buffer = SrtpTestPackets.Rtcp(0x4242, out int length);
            BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(8), i);
            byte[] plain = buffer[..length];

            Assert.Equal(SrtpError.None, ours.ProtectRtcp(buffer, length, out int protectedLength));
            byte[]? theirs = libProtect.Apply(rtcp: true, plain, out int status);
            Assert.True(theirs is not null, $"libsrtp protect_rtcp failed: {status}");
            Assert.Equal(Convert.ToHexString(theirs), Convert.ToHexString(buffer, 0, protectedLength));

            byte[]? unprotected = libUnprotect.Apply(rtcp: true, buffer.AsSpan(0, protectedLength), out status);
            Assert.True(unprotected is not null, $"libsrtp unprotect_rtcp failed: {status}");
            Assert.Equal(plain, unprotected);

            theirs.CopyTo(buffer, 0);
            Assert.Equal(SrtpError.None, oursIn.UnprotectRtcp(buffer, theirs.Length, out int plainLength));
            Assert.Equal(plain, buffer[..plainLength]);
        }
    }

    [LibSrtpTheory]
    [MemberData(nameof(SrtpTestPackets.AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Libsrtp_rejects_our_packets_after_tampering(SrtpProtectionProfile profile)
    {
        (byte[] key, byte[] salt) = Keys(profile);
        using var ours = new SrtpSession(profile, key, salt);
        using var libUnprotect = new LibSrtpHarness((int)profile, protect: false, [.. key, .. salt]);
        byte[] buffer = SrtpTestPackets.Rtp(1, 1, 100, out int length);
        Assert.Equal(SrtpError.None, ours.ProtectRtp(buffer, length, out int protectedLength));
        buffer[protectedLength - 1] ^= 1;

        Assert.Null(libUnprotect.Apply(rtcp: false, buffer.AsSpan(0, protectedLength), out int status));
        Assert.NotEqual(0, status);
    }

    private static (byte[] Key, byte[] Salt) Keys(SrtpProtectionProfile profile) =>
        (SrtpTestPackets.Fill(SrtpProfiles.KeyLength(profile), 11), SrtpTestPackets.Fill(SrtpProfiles.SaltLength(profile), 12));

    /// <summary>Sizes from empty to a full video packet, with and without CSRCs/extensions, across a sequence wrap.</summary>
    private static IEnumerable<(ushort Seq, int Size, bool Extension)> Packets()
    {
        int[] sizes = [0, 1, 15, 16, 17, 160, 1200];
        for (int i = 0; i < 20; i++)
        {
            yield return (unchecked((ushort)(65530 + i)), sizes[i % sizes.Length], i % 2 == 0);
        }
    }
}
