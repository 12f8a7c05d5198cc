using VibezLive.Protocols.Rtcp;
using VibezLive.Protocols.Rtp;

namespace VibezLive.Media.Rtp;

/// <summary>
/// Receiver half of transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3):
/// records the arrival time of every packet carrying the transport-wide sequence number and periodically reports
/// them back, so the browser's send-side estimator (GoogCC) can ramp its bitrate. No allocation after construction.
/// </summary>
internal sealed class TransportCcServer
{
    /// <summary>Feedback period (mediasoup: 100 ms).</summary>
    public const long FeedbackIntervalUs = 100_000;
    private const int Window = 4096;
    private const int MaxPerFeedback = 500;

    private readonly long[] _arrivals = new long[Window];
    private readonly long[] _scratch = new long[MaxPerFeedback];
    private SequenceNumberUnwrapper _unwrapper;
    private long _base = -1;
    private long _highest = -1;
    private byte _feedbackCount;
    private long _lastFeedbackUs;

    public TransportCcServer() => Array.Fill(_arrivals, -1);

    public long PacketsRecorded { get; private set; }

    public void OnPacket(ushort transportSeq, long nowUs)
    {
        var ext = _unwrapper.Unwrap(transportSeq);
        if (_base < 0)
        {
            _base = ext;
        }

        if (ext < _base)
        {
            return; // already reported
        }

        if (ext - _base >= Window)
        {
            // Too far ahead (a burst we never reported, or a jump): restart the window there.
            Array.Fill(_arrivals, -1);
            _base = ext;
        }

        _arrivals[ext % Window] = nowUs;
        PacketsRecorded++;
        if (ext > _highest)
        {
            _highest = ext;
        }
    }

    public bool IsDue(long nowUs) => _highest >= _base && _base >= 0 && nowUs - _lastFeedbackUs >= FeedbackIntervalUs;

    /// <summary>Writes one feedback packet for the packets since the last one; returns bytes written (0 = none).</summary>
    public int WriteFeedback(Span<byte> destination, uint senderSsrc, uint mediaSsrc, long nowUs)
    {
        _lastFeedbackUs = nowUs;
        if (_base < 0 || _highest < _base)
        {
            return 0;
        }

        // Skip leading packets that never arrived (the first reported packet must have a time).
        while (_base <= _highest && _arrivals[_base % Window] < 0)
        {
            _base++;
        }

        if (_base > _highest)
        {
            return 0;
        }

        var count = (int)Math.Min(MaxPerFeedback, _highest - _base + 1);
        for (var i = 0; i < count; i++)
        {
            var index = (_base + i) % Window;
            _scratch[i] = _arrivals[index];
            _arrivals[index] = -1;
        }

        var ok = TransportCcFeedback.TryWrite(destination, senderSsrc, mediaSsrc, (ushort)_base, _feedbackCount++, _scratch.AsSpan(0, count), out var written);
        _base += count;
        return ok ? written : 0;
    }
}
