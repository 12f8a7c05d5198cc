using System.Buffers.Binary;
using VibezLive.Protocols.Srtp;

namespace VibezLive.Protocols.Tests.Srtp;

/// <summary>Seeded generators (replayed identically in every run) against simple reference models.</summary>
public sealed class SrtpPropertyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Replay_window_accepts_exactly_the_unseen_indices_inside_the_window(int seed)
    {
        var random = new Random(seed);
        var window = default(SrtpReplayWindow);
        var seen = new HashSet<ulong>();
        ulong highest = 0;
        ulong next = 5000;
        for (int step = 0; step < 20_000; step++)
        {
            // Mostly forward, some duplicates, some late, some far jumps.
            ulong index = random.Next(10) switch
            {
                0 => next + (ulong)random.Next(1, 3000),
                1 or 2 => next > 1500 ? next - (ulong)random.Next(0, 1500) : next,
                _ => next + 1,
            };
            next = Math.Max(next, index);

            SrtpError expected = seen.Count > 0 && index <= highest && highest - index >= SrtpReplayWindow.Size ? SrtpError.TooOld
                : seen.Contains(index) ? SrtpError.ReplayedPacket
                : SrtpError.None;
            Assert.Equal(expected, window.Check(index));
            if (expected == SrtpError.None)
            {
                window.Commit(index);
                seen.Add(index);
                highest = Math.Max(highest, index);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Reordered_streams_across_several_rollovers_decrypt_completely(SrtpProtectionProfile profile)
    {
        (SrtpSession sender, SrtpSession receiver) = SrtpTestPackets.Pair(profile, seed: 9);
        using (sender)
        using (receiver)
        {
            var random = new Random(4);
            const int count = 3 * 65536 / 256; // every 256th sequence number keeps the test fast across three wraps
            var sent = new List<(byte[] Buffer, int Length, byte[] Plain)>();
            for (int i = 0; i < count; i++)
            {
                ushort seq = unchecked((ushort)(60000 + (i * 256)));
                byte[] buffer = SrtpTestPackets.Rtp(0xACE, seq, 32, out int length, csrcsAndExtension: false);
                byte[] plain = buffer[..length];
                Assert.Equal(SrtpError.None, sender.ProtectRtp(buffer, length, out int protectedLength));
                sent.Add((buffer, protectedLength, plain));
            }

            // Reverse random disjoint runs of three: packets arrive up to 512 sequence numbers late (inside the window).
            for (int i = 0; i + 3 <= sent.Count; i += 3)
            {
                if (random.Next(2) == 0)
                {
                    sent.Reverse(i, 3);
                }
            }

            foreach ((byte[] buffer, int length, byte[] plain) in sent)
            {
                Assert.Equal(SrtpError.None, receiver.UnprotectRtp(buffer, length, out int plainLength));
                Assert.Equal(plain, buffer[..plainLength]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Mutated_valid_packets_are_rejected_without_exceptions(SrtpProtectionProfile profile)
    {
        (SrtpSession sender, SrtpSession receiver) = SrtpTestPackets.Pair(profile, seed: 21);
        using (sender)
        using (receiver)
        {
            var random = new Random(8);
            for (int i = 0; i < 400; i++)
            {
                bool rtcp = i % 2 == 1;
                byte[] buffer = rtcp ? SrtpTestPackets.Rtcp(0x77, out int length) : SrtpTestPackets.Rtp(0x77, (ushort)i, random.Next(0, 300), out length, i % 4 == 0);
                SrtpError protect = rtcp ? sender.ProtectRtcp(buffer, length, out int protectedLength) : sender.ProtectRtp(buffer, length, out protectedLength);
                Assert.Equal(SrtpError.None, protect);

                byte[] mutated = new byte[protectedLength + 64];
                buffer.AsSpan(0, protectedLength).CopyTo(mutated);
                int mutatedLength = protectedLength;
                switch (random.Next(4))
                {
                    case 0:
                        mutated[random.Next(protectedLength)] ^= (byte)(1 << random.Next(8));
                        break;
                    case 1:
                        mutatedLength = random.Next(protectedLength);
                        break;
                    case 2:
                        mutatedLength = protectedLength + random.Next(1, 64);
                        break;
                    default:
                        BinaryPrimitives.WriteUInt16BigEndian(mutated.AsSpan(2), (ushort)random.Next());
                        break;
                }

                SrtpError result = rtcp ? receiver.UnprotectRtcp(mutated, mutatedLength, out int plain) : receiver.UnprotectRtp(mutated, mutatedLength, out plain);
                Assert.NotEqual(SrtpError.None, result);
                Assert.Equal(0, plain);
            }

            Assert.Equal(0, receiver.StreamCount);
        }
    }
}
