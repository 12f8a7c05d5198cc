namespace VibezLive.Protocols.Rtcp;

/// <summary>
/// 64-bit NTP timestamps (RFC 3550 §4: seconds since 1900-01-01 in the high 32 bits, fraction in the low 32) as
/// used by SR, and the compact middle-32-bit form used by LSR/DLSR in report blocks (§6.4.1).
/// </summary>
public static class NtpTime
{
    /// <summary>Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (Unix epoch).</summary>
    public const long UnixEpochOffsetSeconds = 2_208_988_800;

    /// <summary>NTP timestamp for a Unix time in microseconds (NTP era 0 wraps in 2036, as on the wire).</summary>
    public static ulong FromUnixMicroseconds(long unixMicroseconds)
    {
        long seconds = Math.DivRem(unixMicroseconds, 1_000_000, out long micros);
        if (micros < 0)
        {
            seconds--;
            micros += 1_000_000;
        }

        ulong fraction = (ulong)((UInt128)(ulong)micros * (1UL << 32) / 1_000_000);
        return ((ulong)(uint)(seconds + UnixEpochOffsetSeconds) << 32) | fraction;
    }

    /// <summary>Unix time in microseconds for an NTP timestamp of era 0.</summary>
    public static long ToUnixMicroseconds(ulong ntp)
    {
        long seconds = (long)(ntp >> 32) - UnixEpochOffsetSeconds;
        long micros = (long)(((ntp & 0xFFFF_FFFF) * 1_000_000 + (1UL << 31)) >> 32);
        return (seconds * 1_000_000) + micros;
    }

    /// <summary>The middle 32 bits (16.16 seconds): LSR, and the unit of DLSR and round-trip time arithmetic.</summary>
    public static uint ToCompact(ulong ntp) => (uint)(ntp >> 16);

    /// <summary>A compact (16.16) duration in microseconds, e.g. DLSR or RTT = arrival - LSR - DLSR.</summary>
    public static long CompactToMicroseconds(uint compact) => (long)(((ulong)compact * 1_000_000) >> 16);
}
