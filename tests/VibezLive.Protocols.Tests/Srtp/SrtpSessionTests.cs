using System.Buffers.Binary;
using VibezLive.Protocols.Srtp;

namespace VibezLive.Protocols.Tests.Srtp;

public sealed class SrtpSessionTests
{
    [Theory]
    [MemberData(nameof(SrtpTestPackets.AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Rtp_round_trip_restores_the_packet_and_adds_the_profile_overhead(SrtpProtectionProfile profile)
    {
        (SrtpSession sender, SrtpSession receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            for (ushort seq = 1000; seq < 1010; seq++)
            {
                byte[] buffer = SrtpTestPackets.Rtp(0x1234, seq, 1200, out int length);
                byte[] plain = buffer[..length];

                Assert.Equal(SrtpError.None, sender.ProtectRtp(buffer, length, out int protectedLength));
                Assert.Equal(length + SrtpProfiles.RtpOverhead(profile), protectedLength);
                Assert.Equal(plain[..28], buffer[..28]);              // header, CSRCs and extension stay clear
                Assert.NotEqual(plain[28..length], buffer[28..length]); // payload is encrypted

                Assert.Equal(SrtpError.None, receiver.UnprotectRtp(buffer, protectedLength, out int plainLength));
                Assert.Equal(plain, buffer[..plainLength]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Rtcp_round_trip_restores_the_packet_and_sets_the_E_flag(SrtpProtectionProfile profile)
    {
        (SrtpSession sender, SrtpSession receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            for (int i = 0; i < 5; i++)
            {
                byte[] buffer = SrtpTestPackets.Rtcp(0xCAFE, out int length);
                byte[] plain = buffer[..length];

                Assert.Equal(SrtpError.None, sender.ProtectRtcp(buffer, length, out int protectedLength));
                Assert.Equal(length + SrtpProfiles.RtcpOverhead(profile), protectedLength);
                Assert.Equal(plain[..8], buffer[..8]);
                int trailer = SrtpProfiles.IsAead(profile) ? protectedLength - 4 : length;
                Assert.Equal(0x8000_0000u | (uint)(i + 1), BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(trailer)));

                Assert.Equal(SrtpError.None, receiver.UnprotectRtcp(buffer, protectedLength, out int plainLength));
                Assert.Equal(plain, buffer[..plainLength]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Rollover_counter_follows_sequence_wrap_including_reordering_across_it(SrtpProtectionProfile profile)
    {
        (SrtpSession sender, SrtpSession receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            var sent = new List<(byte[] Buffer, int Length, byte[] Plain)>();
            for (int i = 0; i < 8; i++)
            {
                ushort seq = unchecked((ushort)(65532 + i)); // 65532 .. 65535, 0 .. 3 (ROC 0 → 1)
                byte[] buffer = SrtpTestPackets.Rtp(7, seq, 100, out int length, csrcsAndExtension: false);
                byte[] plain = buffer[..length];
                Assert.Equal(SrtpError.None, sender.ProtectRtp(buffer, length, out int protectedLength));
                sent.Add((buffer, protectedLength, plain));
            }

            // Deliver 65532, 65533, 0, 65534, 1, 65535, 2, 3: the receiver must guess ROC 1 for 0..3 and 0 for the late ones.
            foreach (int i in new[] { 0, 1, 4, 2, 5, 3, 6, 7 })
            {
                (byte[] buffer, int length, byte[] plain) = sent[i];
                Assert.Equal(SrtpError.None, receiver.UnprotectRtp(buffer, length, out int plainLength));
                Assert.Equal(plain, buffer[..plainLength]);
            }
        }
    }

    [Fact]
    public void Packets_after_the_wrap_use_a_different_keystream_than_before_it()
    {
        (SrtpSession sender, SrtpSession receiver) = SrtpTestPackets.Pair(SrtpProtectionProfile.AesCm128HmacSha1_80);
        using (sender)
        using (receiver)
        {
            byte[] first = SrtpTestPackets.Rtp(7, 5, 50, out int length, csrcsAndExtension: false);
            Assert.Equal(SrtpError.None, sender.ProtectRtp(first, length, out _));
            foreach (int seq in new[] { 30005, 60005 }) // steps under 2^15, as RFC 3711 Appendix A requires
            {
                byte[] b = SrtpTestPackets.Rtp(7, unchecked((ushort)seq), 50, out int l, csrcsAndExtension: false);
                Assert.Equal(SrtpError.None, sender.ProtectRtp(b, l, out _));
            }

            byte[] again = SrtpTestPackets.Rtp(7, 5, 50, out _, csrcsAndExtension: false);
            Assert.Equal(SrtpError.None, sender.ProtectRtp(again, length, out _));
            Assert.NotEqual(first[12..length], again[12..length]); // same seq, ROC 1 instead of 0
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Replayed_rtp_is_rejected_and_the_original_was_accepted_once(SrtpProtectionProfile profile)
    {
        (SrtpSession sender, SrtpSession receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] buffer = SrtpTestPackets.Rtp(9, 10, 200, out int length);
            Assert.Equal(SrtpError.None, sender.ProtectRtp(buffer, length, out int protectedLength));
            byte[] copy = buffer.ToArray();

            Assert.Equal(SrtpError.None, receiver.UnprotectRtp(buffer, protectedLength, out _));
            Assert.Equal(SrtpError.ReplayedPacket, receiver.UnprotectRtp(copy, protectedLength, out _));
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Replayed_rtcp_is_rejected(SrtpProtectionProfile profile)
    {
        (SrtpSession sender, SrtpSession receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] buffer = SrtpTestPackets.Rtcp(9, out int length);
            Assert.Equal(SrtpError.None, sender.ProtectRtcp(buffer, length, out int protectedLength));
            byte[] copy = buffer.ToArray();

            Assert.Equal(SrtpError.None, receiver.UnprotectRtcp(buffer, protectedLength, out _));
            Assert.Equal(SrtpError.ReplayedPacket, receiver.UnprotectRtcp(copy, protectedLength, out _));
        }
    }

    [Fact]
    public void Packets_behind_the_replay_window_are_too_old_while_late_ones_inside_it_pass()
    {
        (SrtpSession sender, SrtpSession receiver) = SrtpTestPackets.Pair(SrtpProtectionProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            var protectedPackets = new Dictionary<int, (byte[] Buffer, int Length)>();
            foreach (int seq in new[] { 100, 101, 120, 100 + SrtpReplayWindow.Size + 50 })
            {
                byte[] b = SrtpTestPackets.Rtp(3, (ushort)seq, 20, out int l);
                Assert.Equal(SrtpError.None, sender.ProtectRtp(b, l, out int pl));
                protectedPackets[seq] = (b, pl);
            }

            Assert.Equal(SrtpError.None, receiver.UnprotectRtp(protectedPackets[101].Buffer, protectedPackets[101].Length, out _));
            Assert.Equal(SrtpError.None, receiver.UnprotectRtp(protectedPackets[100].Buffer, protectedPackets[100].Length, out _)); // late, inside
            int newest = 100 + SrtpReplayWindow.Size + 50;
            Assert.Equal(SrtpError.None, receiver.UnprotectRtp(protectedPackets[newest].Buffer, protectedPackets[newest].Length, out _));
            Assert.Equal(SrtpError.TooOld, receiver.UnprotectRtp(protectedPackets[120].Buffer, protectedPackets[120].Length, out _));
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Tampered_tag_header_or_payload_fails_authentication_and_creates_no_stream(SrtpProtectionProfile profile)
    {
        (SrtpSession sender, SrtpSession receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] buffer = SrtpTestPackets.Rtp(0xABCD, 1, 300, out int length);
            Assert.Equal(SrtpError.None, sender.ProtectRtp(buffer, length, out int protectedLength));

            foreach (int position in new[] { 1, 30, protectedLength - 1 })
            {
                byte[] tampered = buffer.ToArray();
                tampered[position] ^= 0x40;
                Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtp(tampered, protectedLength, out _));
            }

            Assert.Equal(0, receiver.StreamCount);
            Assert.Equal(SrtpError.None, receiver.UnprotectRtp(buffer, protectedLength, out _));
            Assert.Equal(1, receiver.StreamCount);
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Tampered_srtcp_index_or_tag_fails_authentication(SrtpProtectionProfile profile)
    {
        (SrtpSession sender, SrtpSession receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] buffer = SrtpTestPackets.Rtcp(5, out int length);
            Assert.Equal(SrtpError.None, sender.ProtectRtcp(buffer, length, out int protectedLength));
            foreach (int position in new[] { 4, 10, protectedLength - 1, protectedLength - 12 })
            {
                byte[] tampered = buffer.ToArray();
                tampered[position] ^= 0x01;
                Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtcp(tampered, protectedLength, out _));
            }

            Assert.Equal(0, receiver.StreamCount);
        }
    }

    [Fact]
    public void Packets_from_a_different_key_fail_authentication()
    {
        (SrtpSession sender, _) = SrtpTestPackets.Pair(SrtpProtectionProfile.AesCm128HmacSha1_80, seed: 1);
        (_, SrtpSession receiver) = SrtpTestPackets.Pair(SrtpProtectionProfile.AesCm128HmacSha1_80, seed: 2);
        byte[] buffer = SrtpTestPackets.Rtp(1, 1, 100, out int length);
        Assert.Equal(SrtpError.None, sender.ProtectRtp(buffer, length, out int protectedLength));

        Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtp(buffer, protectedLength, out _));
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Truncated_input_is_a_typed_error(SrtpProtectionProfile profile)
    {
        (SrtpSession sender, SrtpSession receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] buffer = SrtpTestPackets.Rtp(1, 1, 100, out int length);
            Assert.Equal(SrtpError.None, sender.ProtectRtp(buffer, length, out int protectedLength));
            for (int cut = 0; cut < protectedLength; cut++)
            {
                byte[] copy = buffer.ToArray();
                SrtpError error = receiver.UnprotectRtp(copy, cut, out int plain);
                Assert.NotEqual(SrtpError.None, error);
                Assert.Equal(0, plain);
            }

            Assert.Equal(SrtpError.TooShort, receiver.UnprotectRtp(buffer, 11, out _));
            Assert.Equal(SrtpError.TooShort, receiver.UnprotectRtcp(buffer, 8, out _));
            Assert.Equal(SrtpError.TooShort, sender.ProtectRtp(new byte[64], 11, out _));
            Assert.Equal(SrtpError.TooShort, sender.ProtectRtcp(new byte[64], 7, out _));
        }
    }

    [Fact]
    public void Malformed_headers_are_rejected_before_crypto()
    {
        using SrtpSession session = SrtpTestPackets.Pair(SrtpProtectionProfile.AesCm128HmacSha1_80).Sender;
        byte[] buffer = SrtpTestPackets.Rtp(1, 1, 10, out int length);
        buffer[0] = 0x40; // version 1
        Assert.Equal(SrtpError.Malformed, session.ProtectRtp(buffer, length, out _));

        buffer = SrtpTestPackets.Rtp(1, 1, 4, out length, csrcsAndExtension: false);
        buffer[0] = 0x8F; // 15 CSRCs do not fit
        Assert.Equal(SrtpError.Malformed, session.ProtectRtp(buffer, length, out _));

        buffer = SrtpTestPackets.Rtp(1, 1, 4, out length);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(22), 200); // extension longer than the packet
        Assert.Equal(SrtpError.Malformed, session.ProtectRtp(buffer, length, out _));

        byte[] rtcp = SrtpTestPackets.Rtcp(1, out int rtcpLength);
        rtcp[0] = 0x01;
        Assert.Equal(SrtpError.Malformed, session.ProtectRtcp(rtcp, rtcpLength, out _));
    }

    [Fact]
    public void No_room_for_the_tag_is_BufferTooSmall_and_leaves_the_packet_untouched()
    {
        using SrtpSession session = SrtpTestPackets.Pair(SrtpProtectionProfile.AeadAes128Gcm).Sender;
        byte[] buffer = SrtpTestPackets.Rtp(1, 1, 100, out int length);
        byte[] exact = buffer[..length];
        byte[] before = exact.ToArray();

        Assert.Equal(SrtpError.BufferTooSmall, session.ProtectRtp(exact, length, out _));
        Assert.Equal(before, exact);
        Assert.Equal(SrtpError.BufferTooSmall, session.ProtectRtp(buffer, buffer.Length + 1, out _));
        Assert.Equal(SrtpError.BufferTooSmall, session.UnprotectRtp(exact, length + 1, out _));
    }

    [Fact]
    public void The_number_of_ssrc_contexts_is_bounded()
    {
        byte[] key = SrtpTestPackets.Fill(16, 1);
        byte[] salt = SrtpTestPackets.Fill(14, 2);
        using var sender = new SrtpSession(SrtpProtectionProfile.AesCm128HmacSha1_80, key, salt, maxStreams: 100);
        using var receiver = new SrtpSession(SrtpProtectionProfile.AesCm128HmacSha1_80, key, salt, maxStreams: 2);
        for (uint ssrc = 1; ssrc <= 3; ssrc++)
        {
            byte[] b = SrtpTestPackets.Rtp(ssrc, 1, 10, out int l);
            Assert.Equal(SrtpError.None, sender.ProtectRtp(b, l, out int pl));
            Assert.Equal(ssrc <= 2 ? SrtpError.None : SrtpError.TooManyStreams, receiver.UnprotectRtp(b, pl, out _));
        }

        Assert.Equal(2, receiver.StreamCount);
        Assert.True(receiver.RemoveStream(1));
        Assert.Equal(1, receiver.StreamCount);
    }

    [Fact]
    public void Garbage_never_throws_and_never_creates_state()
    {
        var random = new Random(42);
        foreach (SrtpProtectionProfile profile in SrtpTestPackets.Profiles)
        {
            using SrtpSession receiver = SrtpTestPackets.Pair(profile).Receiver;
            var buffer = new byte[256];
            for (int i = 0; i < 2000; i++)
            {
                int length = random.Next(0, buffer.Length);
                random.NextBytes(buffer);
                if (i % 2 == 0)
                {
                    buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F)); // mostly version 2 so parsing goes deeper
                }

                Assert.NotEqual(SrtpError.None, receiver.UnprotectRtp(buffer, length, out _));
                Assert.NotEqual(SrtpError.None, receiver.UnprotectRtcp(buffer, length, out _));
            }

            Assert.Equal(0, receiver.StreamCount);
        }
    }

    [Fact]
    public void Wrong_key_or_salt_sizes_are_rejected_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new SrtpSession(SrtpProtectionProfile.AeadAes256Gcm, new byte[16], new byte[12]));
        Assert.Throws<ArgumentException>(() => new SrtpSession(SrtpProtectionProfile.AesCm128HmacSha1_80, new byte[16], new byte[12]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrtpSession((SrtpProtectionProfile)3, new byte[16], new byte[14]));
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Hardware_and_portable_paths_produce_identical_packets(SrtpProtectionProfile profile)
    {
        byte[] key = SrtpTestPackets.Fill(SrtpProfiles.KeyLength(profile), 3);
        byte[] salt = SrtpTestPackets.Fill(SrtpProfiles.SaltLength(profile), 4);
        byte[] auth = SrtpTestPackets.Fill(20, 5);
        using var fast = SrtpSession.FromSessionKeys(profile, key, salt, auth, allowIntrinsics: true);
        using var portable = SrtpSession.FromSessionKeys(profile, key, salt, auth, allowIntrinsics: false);
        using var fastIn = SrtpSession.FromSessionKeys(profile, key, salt, auth, allowIntrinsics: true);
        using var portableIn = SrtpSession.FromSessionKeys(profile, key, salt, auth, allowIntrinsics: false);
        foreach (int size in new[] { 0, 1, 15, 16, 17, 63, 64, 65, 200, 1200, 3000 })
        {
            byte[] a = SrtpTestPackets.Rtp(9, (ushort)size, size, out int length);
            byte[] b = a.ToArray();
            Assert.Equal(SrtpError.None, fast.ProtectRtp(a, length, out int la));
            Assert.Equal(SrtpError.None, portable.ProtectRtp(b, length, out int lb));
            Assert.Equal(a[..la], b[..lb]);

            Assert.Equal(SrtpError.None, portableIn.UnprotectRtp(a, la, out _));
            Assert.Equal(SrtpError.None, fastIn.UnprotectRtp(b, lb, out _));
            Assert.Equal(a, b);
        }
    }
}
