namespace VibezLive.Protocols.Rtp;

/// <summary>
/// Extends 16-bit sequence numbers to 64 bits across wraparounds (RFC 3550 §A.1 "cycles"). Each value is placed
/// at the shortest distance from the highest one seen so far, so late (reordered or retransmitted) packets map
/// below it and the reference only moves forward. The first value is returned as is; a packet older than the
/// first one may map to a negative value.
/// </summary>
public struct SequenceNumberUnwrapper
{
    private long _highest;
    private bool _started;

    /// <summary>The highest extended value returned so far (undefined before the first call).</summary>
    public readonly long Highest => _highest;

    public long Unwrap(ushort seq)
    {
        if (!_started)
        {
            _started = true;
            _highest = seq;
            return seq;
        }

        long value = _highest + (short)(ushort)(seq - (ushort)_highest);
        if (value > _highest)
        {
            _highest = value;
        }

        return value;
    }
}
