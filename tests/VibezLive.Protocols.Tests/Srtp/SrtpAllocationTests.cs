using VibezLive.Protocols.Srtp;

namespace VibezLive.Protocols.Tests.Srtp;

/// <summary>Protect and unprotect allocate nothing per packet once a stream exists.</summary>
public sealed class SrtpAllocationTests
{
    [Theory]
    [MemberData(nameof(SrtpTestPackets.AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Protect_and_unprotect_of_rtp_and_rtcp_allocate_nothing(SrtpProtectionProfile profile)
    {
        (SrtpSession sender, SrtpSession receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] rtp = SrtpTestPackets.Rtp(77, 0, 1200, out int rtpLength);
            byte[] rtcp = SrtpTestPackets.Rtcp(77, out int rtcpLength);
            byte[] bad = new byte[rtp.Length];
            ushort seq = 0;

            int failures = 0;

            // Plain comparisons inside the measured loop: Assert.Equal itself allocates.
            void Round()
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), seq++);
                failures += sender.ProtectRtp(rtp, rtpLength, out int p) == SrtpError.None ? 0 : 1;
                if (!SrtpProfiles.IsAead(profile) || AesGcmIntrinsics.IsSupported)
                {
                    // Forgeries are rejected allocation-free too (the BCL AesGcm fallback would throw, which allocates).
                    rtp.AsSpan(0, p).CopyTo(bad);
                    bad[p - 1] ^= 1;
                    failures += receiver.UnprotectRtp(bad, p, out _) == SrtpError.AuthenticationFailed ? 0 : 1;
                }

                failures += receiver.UnprotectRtp(rtp, p, out _) == SrtpError.None ? 0 : 1;
                failures += sender.ProtectRtcp(rtcp, rtcpLength, out int q) == SrtpError.None ? 0 : 1;
                failures += receiver.UnprotectRtcp(rtcp, q, out _) == SrtpError.None ? 0 : 1;
            }

            for (int i = 0; i < 50; i++)
            {
                Round();
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                Round();
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, failures);
            Assert.Equal(0, allocated);
        }
    }
}
