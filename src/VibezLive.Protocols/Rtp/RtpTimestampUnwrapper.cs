namespace VibezLive.Protocols.Rtp;

/// <summary>
/// Extends 32-bit RTP timestamps (RFC 3550 §5.1) to 64 bits across wraparounds, placing each value at the
/// shortest distance from the highest one seen so far (see <see cref="SequenceNumberUnwrapper"/>).
/// </summary>
public struct RtpTimestampUnwrapper
{
    private long _highest;
    private bool _started;

    /// <summary>The highest extended value returned so far (undefined before the first call).</summary>
    public readonly long Highest => _highest;

    public long Unwrap(uint ts)
    {
        if (!_started)
        {
            _started = true;
            _highest = ts;
            return ts;
        }

        long value = _highest + (int)(ts - (uint)_highest);
        if (value > _highest)
        {
            _highest = value;
        }

        return value;
    }
}
