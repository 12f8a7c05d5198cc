namespace VibezLive.Media.Rtp;

/// <summary>NTP timestamps (RFC 5905 §6: seconds since 1900 as 32.32 fixed point) as used by RTCP (RFC 3550 §4).</summary>
internal static class NtpTime
{
    private static readonly DateTimeOffset Epoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ulong FromDateTimeOffset(DateTimeOffset time)
    {
        var ticks = (time - Epoch).Ticks;
        var seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        var fraction = (ulong)(ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>The middle 32 bits (RFC 3550 §6.4.1 LSR/DLSR units: 1/65536 s).</summary>
    public static uint Compact(DateTimeOffset time) => (uint)(FromDateTimeOffset(time) >> 16);
}
