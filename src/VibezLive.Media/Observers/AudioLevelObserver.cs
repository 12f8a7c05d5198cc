namespace VibezLive.Media.Observers;

/// <summary>
/// Picks a router's dominant speaker from the RFC 6464 audio levels its audio producers send. Every packet adds
/// its level to its producer's <see cref="AudioLevelAccumulator"/>; every <see cref="IntervalUs"/> the producer
/// with the highest mean level above <see cref="ThresholdDbov"/> (and enough packets to be more than noise or DTX
/// comfort packets) wins, and <c>changed</c> is called only when the winner is a different producer. Silence keeps
/// the last speaker (no event). Worker thread only.
/// </summary>
internal sealed class AudioLevelObserver
{
    /// <summary>Evaluation period (mediasoup's default audio-level observer interval is 800 ms too).</summary>
    public const long IntervalUs = 800_000;

    /// <summary>Quieter than this (in dBov) is background noise, not speech.</summary>
    public const int ThresholdDbov = -70;

    /// <summary>Fewer packets than this in an interval is DTX or a stall, not speech (Opus sends 40 per 800 ms).</summary>
    public const int MinPackets = 5;

    private readonly List<Producer> _producers = [];
    private readonly Action<Producer, int> _changed;
    private long _nextUs = long.MinValue;
    private Producer? _dominant;

    public AudioLevelObserver(Action<Producer, int> changed) => _changed = changed;

    /// <summary>The current dominant producer (null before anyone spoke, or after it closed).</summary>
    public Producer? Dominant => _dominant;

    public void Add(Producer producer) => _producers.Add(producer);

    public void Remove(Producer producer)
    {
        _producers.Remove(producer);
        if (ReferenceEquals(_dominant, producer))
        {
            _dominant = null;
        }
    }

    /// <summary>Called by the worker's timer (every tick); evaluates once per <see cref="IntervalUs"/>.</summary>
    public void OnTick(long nowUs)
    {
        if (nowUs < _nextUs)
        {
            return;
        }

        _nextUs = nowUs + IntervalUs;
        Producer? loudest = null;
        var loudestLevel = -ThresholdDbov; // in -dBov: smaller is louder
        foreach (var producer in _producers)
        {
            var accumulator = producer.AudioLevel;
            var enough = accumulator.Count >= MinPackets;
            var level = accumulator.TakeMean();
            if (enough && !producer.Paused && level < loudestLevel)
            {
                loudest = producer;
                loudestLevel = level;
            }
        }

        if (loudest is not null && !ReferenceEquals(loudest, _dominant))
        {
            _dominant = loudest;
            _changed(loudest, -loudestLevel);
        }
    }
}
