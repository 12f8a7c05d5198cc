namespace VibezLive.Media.Rtp;

/// <summary>
/// Detects lost packets of a received stream from sequence gaps and decides when to NACK them (RFC 4585 §6.2.1).
/// A missing packet is requested at once, then again every max(RTT, 40 ms), at most <see cref="MaxRetries"/> times;
/// it is forgotten when it arrives (retransmitted or late), after that, or when it is more than
/// <see cref="MaxPacketAge"/> behind the newest. Bounded by <see cref="MaxEntries"/> (a bigger gap = resync: the
/// sender gets a key frame request instead). Worker thread only; no allocation after construction.
/// </summary>
internal sealed class NackGenerator
{
    public const int MaxEntries = 1000;
    public const int MaxRetries = 10;
    public const int MaxPacketAge = 10000;
    private const long MinRetryUs = 40_000;

    private readonly long[] _seq = new long[MaxEntries];
    private readonly long[] _nextSendUs = new long[MaxEntries];
    private readonly byte[] _retries = new byte[MaxEntries];
    private int _count;
    private long _highest = -1;

    public int PendingCount => _count;

    /// <summary>Records an arrival. Returns true when the gap was too large to repair (caller asks for a key frame).</summary>
    public bool OnPacket(long extendedSeq, bool retransmitted, long nowUs)
    {
        if (_highest < 0)
        {
            _highest = extendedSeq;
            return false;
        }

        if (extendedSeq <= _highest)
        {
            Remove(extendedSeq);
            return false;
        }

        if (retransmitted)
        {
            // An RTX packet ahead of the newest media packet: nothing was known missing there yet.
            _highest = extendedSeq;
            return false;
        }

        var gap = extendedSeq - _highest - 1;
        var overflow = false;
        if (gap > MaxEntries)
        {
            _count = 0;
            overflow = true;
        }
        else
        {
            for (var s = _highest + 1; s < extendedSeq; s++)
            {
                if (_count == MaxEntries)
                {
                    Shift(1);
                    overflow = true;
                }

                _seq[_count] = s;
                _nextSendUs[_count] = nowUs;
                _retries[_count] = 0;
                _count++;
            }
        }

        _highest = extendedSeq;
        var oldest = _highest - MaxPacketAge;
        var drop = 0;
        while (drop < _count && _seq[drop] < oldest)
        {
            drop++;
        }

        Shift(drop);
        return overflow;
    }

    /// <summary>Writes the sequence numbers due for a (re)send into <paramref name="due"/>; returns how many.</summary>
    public int CollectDue(long nowUs, long rttUs, Span<ushort> due)
    {
        var n = 0;
        var write = 0;
        var interval = Math.Max(MinRetryUs, rttUs);
        for (var i = 0; i < _count; i++)
        {
            var keep = true;
            if (_nextSendUs[i] <= nowUs && n < due.Length)
            {
                due[n++] = (ushort)_seq[i];
                _retries[i]++;
                _nextSendUs[i] = nowUs + interval;
                keep = _retries[i] < MaxRetries;
            }

            if (keep)
            {
                _seq[write] = _seq[i];
                _nextSendUs[write] = _nextSendUs[i];
                _retries[write] = _retries[i];
                write++;
            }
        }

        _count = write;
        return n;
    }

    public void Reset()
    {
        _count = 0;
        _highest = -1;
    }

    private void Remove(long seq)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_seq[i] == seq)
            {
                Array.Copy(_seq, i + 1, _seq, i, _count - i - 1);
                Array.Copy(_nextSendUs, i + 1, _nextSendUs, i, _count - i - 1);
                Array.Copy(_retries, i + 1, _retries, i, _count - i - 1);
                _count--;
                return;
            }
        }
    }

    private void Shift(int n)
    {
        if (n <= 0)
        {
            return;
        }

        Array.Copy(_seq, n, _seq, 0, _count - n);
        Array.Copy(_nextSendUs, n, _nextSendUs, 0, _count - n);
        Array.Copy(_retries, n, _retries, 0, _count - n);
        _count -= n;
    }
}
