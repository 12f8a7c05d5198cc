using VibezLive.Protocols.Rtcp;

namespace VibezLive.Protocols.Tests.Rtcp;

public class NtpTimeTests
{
    [Fact]
    public void UnixEpoch_IsNtpSecond2208988800()
    {
        Assert.Equal(2_208_988_800UL << 32, NtpTime.FromUnixMicroseconds(0));
        Assert.Equal((2_208_988_800UL << 32) | 0x8000_0000, NtpTime.FromUnixMicroseconds(500_000));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1_700_000_000_123_456L)]
    [InlineData(2_000_000_000_999_999L)]
    public void RoundTrips_ToTheMicrosecond(long unixMicroseconds)
    {
        Assert.Equal(unixMicroseconds, NtpTime.ToUnixMicroseconds(NtpTime.FromUnixMicroseconds(unixMicroseconds)));
    }

    [Fact]
    public void Compact_IsMiddle32BitsAndConvertsDurations()
    {
        Assert.Equal(0x5678_9ABCu, NtpTime.ToCompact(0x1234_5678_9ABC_DEF0));
        Assert.Equal(1_500_000, NtpTime.CompactToMicroseconds(0x0001_8000)); // DLSR 1.5 s
    }
}
