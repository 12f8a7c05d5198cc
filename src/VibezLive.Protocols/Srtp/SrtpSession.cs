namespace VibezLive.Protocols.Srtp;

/// <summary>
/// One direction (inbound or outbound) of one transport's SRTP/SRTCP (RFC 3711, RFC 7714); many SSRCs inside.
/// Not thread-safe: owned by one media worker.
/// </summary>
public sealed class SrtpSession : IDisposable
{
    /// <summary>Room the caller leaves after the packet for the tag / SRTCP index.</summary>
    public const int MaxOverhead = 32;

    public SrtpSession(SrtpProtectionProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        Profile = profile;
        _ = masterKey;
        _ = masterSalt;
    }

    public SrtpProtectionProfile Profile { get; }

    public SrtpError ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        _ = Profile;
        _ = buffer;
        _ = length;
        return SrtpError.Malformed;
    }

    public SrtpError UnprotectRtp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        _ = Profile;
        _ = buffer;
        _ = length;
        return SrtpError.Malformed;
    }

    public SrtpError ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        _ = Profile;
        _ = buffer;
        _ = length;
        return SrtpError.Malformed;
    }

    public SrtpError UnprotectRtcp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        _ = Profile;
        _ = buffer;
        _ = length;
        return SrtpError.Malformed;
    }

    public void Dispose()
    {
    }
}
