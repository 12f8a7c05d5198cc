namespace VibezLive.Media.Observers;

/// <summary>
/// One audio producer's levels since the last evaluation: a sum and a count, so a packet costs two additions and
/// no allocation. Worker thread only.
/// </summary>
internal sealed class AudioLevelAccumulator
{
    private int _sum;
    private int _count;

    public int Count => _count;

    /// <summary>Adds the first byte of an RFC 6464 <c>ssrc-audio-level</c> element (§3: V bit, then the level in
    /// -dBov, 0 = loudest, 127 = silence). The V bit is the sender's own voice activity guess and is ignored.</summary>
    public void Add(byte element)
    {
        _sum += element & 0x7F;
        _count++;
    }

    /// <summary>Mean level in -dBov (0..127) since the last call, or -1 when nothing was received; then starts over.</summary>
    public int TakeMean()
    {
        var mean = _count == 0 ? -1 : _sum / _count;
        _sum = 0;
        _count = 0;
        return mean;
    }
}
