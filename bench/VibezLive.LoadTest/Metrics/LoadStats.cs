using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using VibezLive.LoadTest.Media;

namespace VibezLive.LoadTest.Metrics;

/// <summary>
/// The run's shared measurements: the one-way delay histogram, join timings, live receivers (whose counters are
/// summed on demand) and the totals of receivers that already left, and a bounded table of error messages.
/// </summary>
internal sealed partial class LoadStats
{
    private const int MaxDistinctErrors = 64;
    private const int MaxTimings = 100_000;

    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<double> _joinMs = new();
    private readonly ConcurrentQueue<double> _firstPacketMs = new();
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private volatile ReceiverSink[] _receivers = [];
    private TrafficTotals _retired;
    private long _joins;
    private long _joinFailures;
    private long _leaves;
    private int _peers;
    private long _firstJoinStart;
    private long _lastJoinEnd;

    public LatencyHistogram Delay { get; } = new();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|'[^']{6,}'|\\b[0-9]{5,}\\b")]
    private static partial Regex IdPattern();

    public long Joins => Interlocked.Read(ref _joins);

    public long JoinFailures => Interlocked.Read(ref _joinFailures);

    public long Leaves => Interlocked.Read(ref _leaves);

    public int Peers => Volatile.Read(ref _peers);

    /// <summary>Joins per second from the first join's start to the last join's ack.</summary>
    public double JoinsPerSecond
    {
        get
        {
            long first = Volatile.Read(ref _firstJoinStart), last = Volatile.Read(ref _lastJoinEnd);
            return first == 0 || last <= first ? 0 : Joins / ((last - first) / (double)Stopwatch.Frequency);
        }
    }

    public void RecordJoin(TimeSpan elapsed)
    {
        long now = Stopwatch.GetTimestamp();
        long start = now - (long)(elapsed.TotalSeconds * Stopwatch.Frequency);
        Interlocked.CompareExchange(ref _firstJoinStart, start, 0);
        Volatile.Write(ref _lastJoinEnd, now);
        Interlocked.Increment(ref _joins);
        Interlocked.Increment(ref _peers);
        if (_joinMs.Count < MaxTimings)
        {
            _joinMs.Enqueue(elapsed.TotalMilliseconds);
        }
    }

    public void RecordJoinFailure(string message)
    {
        Interlocked.Increment(ref _joinFailures);
        RecordError(message);
    }

    public void RecordLeave()
    {
        Interlocked.Increment(ref _leaves);
        Interlocked.Decrement(ref _peers);
    }

    public void RecordFirstPacket(TimeSpan sinceJoin)
    {
        if (_firstPacketMs.Count < MaxTimings)
        {
            _firstPacketMs.Enqueue(sinceJoin.TotalMilliseconds);
        }
    }

    public void RecordError(string message)
    {
        // Ids make every message distinct: fold them so that the table counts kinds of errors.
        message = IdPattern().Replace(message, "…");
        if (_errors.Count < MaxDistinctErrors || _errors.ContainsKey(message))
        {
            _errors.AddOrUpdate(message, 1, (_, n) => n + 1);
        }
    }

    public IReadOnlyDictionary<string, int> Errors => _errors;

    public double[] JoinTimesMs => [.. _joinMs];

    public double[] FirstPacketTimesMs => [.. _firstPacketMs];

    public void AddReceiver(ReceiverSink sink)
    {
        lock (_gate)
        {
            _receivers = [.. _receivers, sink];
        }
    }

    /// <summary>Moves a receiver's final counts into the retired totals (so they survive churn).</summary>
    public void RetireReceiver(ReceiverSink sink)
    {
        lock (_gate)
        {
            if (Array.IndexOf(_receivers, sink) < 0)
            {
                return;
            }

            _receivers = [.. _receivers.Where(r => r != sink)];
            TrafficTotals t = Sum([sink], default, 0, 0, 0);
            _retired = _retired with
            {
                ReceivedPackets = _retired.ReceivedPackets + t.ReceivedPackets,
                ReceivedBytes = _retired.ReceivedBytes + t.ReceivedBytes,
                Expected = _retired.Expected + t.Expected,
                Unique = _retired.Unique + t.Unique,
                Duplicates = _retired.Duplicates + t.Duplicates,
                Retransmissions = _retired.Retransmissions + t.Retransmissions,
                NacksSent = _retired.NacksSent + t.NacksSent,
            };
        }
    }

    public TrafficTotals ReadTraffic(MediaScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        long sentPackets = scheduler.RetiredPackets;
        long sentBytes = scheduler.RetiredBytes;
        long keyFrameRequests = 0, uplinkDropped = 0, retransmitted = 0;
        foreach (var s in scheduler.Streams)
        {
            uplinkDropped += s.UplinkDropped;
            retransmitted += s.Retransmitted;
            sentPackets += s.PacketsSent;
            sentBytes += s.BytesSent;
            keyFrameRequests += s.KeyFrameRequests;
        }

        TrafficTotals retired;
        lock (_gate)
        {
            retired = _retired;
        }

        return Sum(_receivers, retired, sentPackets, sentBytes, keyFrameRequests) with { UplinkDropped = uplinkDropped, PublisherRetransmissions = retransmitted };
    }

    private static TrafficTotals Sum(ReceiverSink[] sinks, TrafficTotals start, long sentPackets, long sentBytes, long keyFrameRequests)
    {
        long packets = start.ReceivedPackets, bytes = start.ReceivedBytes, expected = start.Expected, unique = start.Unique;
        long duplicates = start.Duplicates, rtx = start.Retransmissions, nacks = start.NacksSent;
        int consumers = 0, video = 0, jitterStreams = 0;
        double jitter = 0;
        foreach (var sink in sinks)
        {
            nacks += sink.NacksSent;
            foreach (var s in sink.Streams)
            {
                packets += s.Packets;
                bytes += s.Bytes;
                expected += s.Expected;
                unique += s.Unique;
                duplicates += s.Duplicates;
                rtx += s.Retransmissions;
                consumers++;
                if (s.IsVideo)
                {
                    video++;
                }

                if (s.HasRtp)
                {
                    jitter += s.JitterMs;
                    jitterStreams++;
                }
            }
        }

        return new TrafficTotals(packets, bytes, expected, unique, duplicates, rtx, nacks, sentPackets, sentBytes, keyFrameRequests, 0, 0, consumers, video, jitter, jitterStreams);
    }

    /// <summary>Loss and jitter of every live consumer stream, worst first.</summary>
    public Reporting.StreamSummary SummarizeStreams()
    {
        int streams = 0, silent = 0, lossy = 0, withJitter = 0;
        double worst = 0, jitterSum = 0, jitterMax = 0;
        foreach (var sink in _receivers)
        {
            foreach (var s in sink.Streams)
            {
                streams++;
                if (s.Expected <= 0)
                {
                    silent++;
                    continue;
                }

                double loss = Math.Max(0, s.Expected - s.Unique) * 100.0 / s.Expected;
                worst = Math.Max(worst, loss);
                lossy += loss > 1 ? 1 : 0;
                jitterSum += s.JitterMs;
                jitterMax = Math.Max(jitterMax, s.JitterMs);
                withJitter++;
            }
        }

        return new Reporting.StreamSummary(
            streams, silent, lossy, Math.Round(worst, 3), withJitter == 0 ? 0 : Math.Round(jitterSum / withJitter, 3), Math.Round(jitterMax, 3));
    }

    public Snapshot TakeSnapshot(MediaScheduler scheduler, int? serverPid)
    {
        TimeSpan? serverCpu = null;
        long rss = 0;
        if (serverPid is { } pid && ProcStat.TryRead(pid, out var cpu, out rss))
        {
            serverCpu = cpu;
        }

        using var self = Process.GetCurrentProcess();
        return new Snapshot(
            Stopwatch.GetTimestamp(),
            ReadTraffic(scheduler),
            Delay.Snapshot(),
            Peers,
            Joins,
            serverCpu,
            rss,
            self.TotalProcessorTime,
            ProcStat.ReadUdpReceiveErrors(),
            GC.GetTotalAllocatedBytes(precise: false));
    }
}
