using System.Diagnostics;
using VibezLive.LoadTest.Metrics;
using VibezLive.LoadTest.Signaling;
using VibezLive.Protocols.Codecs;
using VibezLive.Protocols.Rtp;

namespace VibezLive.LoadTest.Media;

/// <summary>
/// Receive statistics of one consumer's stream, updated only on its transport's receive loop and read (racily,
/// which is fine for counters) by the reporter and the RTCP timer: unique packets by the generator's probe
/// sequence (so loss is end to end and retransmissions count as recovered, duplicates once), RFC 3550 A.8
/// interarrival jitter, one-way delay, and the RTP sequence state for NACKs and receiver reports.
/// </summary>
internal sealed class InboundStream
{
    /// <summary>Jumps of up to this many sequence numbers are NACKed (larger ones are a restart, not loss).</summary>
    public const int MaxNackGap = 128;

    private const int WindowBits = 1024;
    private static readonly long Origin = Stopwatch.GetTimestamp();

    private readonly ulong[] _window = new ulong[WindowBits / 64];
    private readonly double _ticksToClock;
    private double _jitter;
    private double _lastTransit;
    private bool _hasTransit;
    private SequenceNumberUnwrapper _sequences;
    private long _baseSequence;
    private long _expectedPrior;
    private long _receivedPrior;
    private long _rtpReceived;

    public InboundStream(ConsumerInfo consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        Consumer = consumer;
        IsVideo = consumer.Kind == "video";
        _ticksToClock = consumer.ClockRate / (double)Stopwatch.Frequency;
    }

    public ConsumerInfo Consumer { get; }

    public bool IsVideo { get; }

    public long Packets { get; private set; }

    public long Bytes { get; private set; }

    public long Unique { get; private set; }

    public long Duplicates { get; private set; }

    public long Retransmissions { get; private set; }

    public long FirstProbe { get; private set; } = -1;

    public long MaxProbe { get; private set; } = -1;

    public long FirstArrival { get; private set; }

    /// <summary>Probe sequence range seen so far: what the sender sent to this consumer since its first packet.</summary>
    public long Expected => FirstProbe < 0 ? 0 : MaxProbe - FirstProbe + 1;

    /// <summary>RFC 3550 interarrival jitter in clock-rate units.</summary>
    public uint Jitter => (uint)_jitter;

    public double JitterMs => _jitter * 1000.0 / Consumer.ClockRate;

    /// <summary>Middle 32 bits of the NTP time of the last SR and when it arrived (for LSR/DLSR).</summary>
    public uint LastSenderReport { get; set; }

    public long LastSenderReportArrival { get; set; }

    /// <summary>
    /// Accounts one packet. <paramref name="payload"/> is the media payload (for RTX: after the OSN).
    /// Returns the number of RTP sequence numbers missing just before this one (0 when in order), for a NACK.
    /// </summary>
    public int OnPacket(ushort sequence, uint rtpTimestamp, ReadOnlySpan<byte> payload, int length, bool retransmission, long arrival, LatencyHistogram histogram)
    {
        Packets++;
        Bytes += length;
        if (FirstArrival == 0)
        {
            FirstArrival = arrival;
        }

        int missing = 0;
        if (retransmission)
        {
            Retransmissions++;
        }
        else
        {
            missing = TrackSequence(sequence);
            long arrivalClock = (long)((arrival - Origin) * _ticksToClock);
            double transit = arrivalClock - (double)rtpTimestamp;
            if (_hasTransit)
            {
                double d = transit - _lastTransit;
                if (d < 0)
                {
                    d = -d;
                }

                // Skip timestamp wraps (a jump of more than a minute of media).
                if (d < Consumer.ClockRate * 60.0)
                {
                    _jitter += (d - _jitter) / 16.0;
                }
            }

            _lastTransit = transit;
            _hasTransit = true;
        }

        int offset = IsVideo ? ProbeOffsetVp8(payload) : 1;
        if (offset < 0 || !Probe.TryRead(payload[offset..], out uint probe, out long sent))
        {
            return missing;
        }

        histogram.Record((arrival - sent) * 1_000_000 / Stopwatch.Frequency);
        CountProbe(probe);
        return missing;
    }

    /// <summary>
    /// Where the probe sits in a VP8 payload (RFC 7741 §4.2 descriptor of any layout, then, on the first packet of a
    /// frame, the RFC 6386 §9.1 frame header the generator writes); -1 when it cannot.
    /// </summary>
    private static int ProbeOffsetVp8(ReadOnlySpan<byte> payload)
    {
        if (!Vp8PayloadDescriptor.TryParse(payload, out Vp8Descriptor d))
        {
            return -1;
        }

        int offset = d.HeaderLength;
        if (d.StartOfPartition && d.PartitionId == 0)
        {
            if (offset >= payload.Length)
            {
                return -1;
            }

            offset += d.IsKeyFrame ? Vp8Payload.KeyFrameHeaderLength : Vp8Payload.InterFrameHeaderLength;
        }

        return offset <= payload.Length ? offset : -1;
    }

    private void CountProbe(long probe)
    {
        if (FirstProbe < 0)
        {
            FirstProbe = probe;
            MaxProbe = probe - 1;
        }

        if (probe > MaxProbe)
        {
            // Slots between the old maximum and this one are reused: clear them (bounded by the window).
            long from = Math.Max(MaxProbe + 1, probe - WindowBits + 1);
            for (long s = from; s < probe; s++)
            {
                _window[(s % WindowBits) >> 6] &= ~(1UL << (int)(s & 63));
            }

            MaxProbe = probe;
            SetBit(probe);
            Unique++;
            return;
        }

        if (probe <= MaxProbe - WindowBits || probe < FirstProbe)
        {
            return; // too late to tell: ignore
        }

        ulong mask = 1UL << (int)(probe & 63);
        ref ulong word = ref _window[(probe % WindowBits) >> 6];
        if ((word & mask) != 0)
        {
            Duplicates++;
        }
        else
        {
            word |= mask;
            Unique++;
        }
    }

    private void SetBit(long probe) => _window[(probe % WindowBits) >> 6] |= 1UL << (int)(probe & 63);

    /// <summary>Returns how many sequence numbers are missing just before <paramref name="sequence"/> (a gap worth a NACK).</summary>
    private int TrackSequence(ushort sequence)
    {
        _rtpReceived++;
        if (!HasRtp)
        {
            _baseSequence = _sequences.Unwrap(sequence);
            HasRtp = true;
            return 0;
        }

        long previous = _sequences.Highest;
        long gap = _sequences.Unwrap(sequence) - previous;
        return gap is > 1 and <= MaxNackGap ? (int)gap - 1 : 0;
    }

    /// <summary>The extended highest sequence number received (RFC 3550 §6.4.1).</summary>
    public uint ExtendedHighestSequence => (uint)_sequences.Highest;

    public bool HasRtp { get; private set; }

    /// <summary>RFC 3550 A.3: fraction lost since the previous call and the cumulative count.</summary>
    public (byte FractionLost, int CumulativeLost) TakeLossReport()
    {
        long expected = _sequences.Highest - _baseSequence + 1;
        long received = _rtpReceived;
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        byte fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        return (fraction, (int)Math.Clamp(expected - received, int.MinValue, int.MaxValue));
    }
}
