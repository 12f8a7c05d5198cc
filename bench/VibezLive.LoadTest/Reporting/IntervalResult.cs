using System.Diagnostics;
using VibezLive.LoadTest.Metrics;

namespace VibezLive.LoadTest.Reporting;

/// <summary>What happened between two snapshots: rates, loss, delay percentiles, and CPU cost per packet.</summary>
internal sealed record IntervalResult
{
    public double Seconds { get; init; }

    public int Peers { get; init; }

    public int Consumers { get; init; }

    public int VideoConsumers { get; init; }

    public long ForwardedPackets { get; init; }

    public double ForwardedPacketsPerSecond { get; init; }

    public double ForwardedMbps { get; init; }

    public double SentPacketsPerSecond { get; init; }

    public double LossPercent { get; init; }

    public double DelayP50Ms { get; init; }

    public double DelayP95Ms { get; init; }

    public double DelayP99Ms { get; init; }

    public double JitterMs { get; init; }

    public long Retransmissions { get; init; }

    public long NacksSent { get; init; }

    public long KeyFrameRequests { get; init; }

    /// <summary>Publisher packets skipped on purpose (--uplink-drop-percent).</summary>
    public long UplinkDropped { get; init; }

    /// <summary>RTX packets the publishers sent in answer to the SFU's NACKs.</summary>
    public long PublisherRetransmissions { get; init; }

    public double? ServerCpuPercent { get; init; }

    public double? ServerCpuMicrosPerForwardedPacket { get; init; }

    public long? ServerRssBytes { get; init; }

    public double GeneratorCpuPercent { get; init; }

    /// <summary>Generator CPU per packet it handled (sent + received): a saturated generator shows up here.</summary>
    public double GeneratorCpuMicrosPerPacket { get; init; }

    /// <summary>Managed bytes the generator allocated per packet handled (all threads, reporting included): ~0 proves the packet path allocation-free.</summary>
    public double GeneratorAllocatedBytesPerPacket { get; init; }

    /// <summary>UDP datagrams the kernel dropped for a full receive buffer (server or generator) in the interval.</summary>
    public long UdpReceiveBufferErrors { get; init; }

    public static IntervalResult Between(Snapshot a, Snapshot b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double seconds = Math.Max(1e-6, (b.Timestamp - a.Timestamp) / (double)Stopwatch.Frequency);
        TrafficTotals x = a.Traffic, y = b.Traffic;
        long forwarded = y.ReceivedPackets - x.ReceivedPackets;
        long expected = y.Expected - x.Expected;
        long unique = y.Unique - x.Unique;
        long sent = y.SentPackets - x.SentPackets;
        double generatorCpu = (b.GeneratorCpu - a.GeneratorCpu).TotalMicroseconds;
        double? serverCpu = a.ServerCpu is { } ca && b.ServerCpu is { } cb ? (cb - ca).TotalMicroseconds : null;
        return new IntervalResult
        {
            Seconds = Math.Round(seconds, 3),
            Peers = b.Peers,
            Consumers = y.Consumers,
            VideoConsumers = y.VideoConsumers,
            ForwardedPackets = forwarded,
            ForwardedPacketsPerSecond = Math.Round(forwarded / seconds, 1),
            ForwardedMbps = Math.Round((y.ReceivedBytes - x.ReceivedBytes) * 8 / seconds / 1e6, 3),
            SentPacketsPerSecond = Math.Round(sent / seconds, 1),
            LossPercent = expected <= 0 ? 0 : Math.Round(Math.Max(0, expected - unique) * 100.0 / expected, 3),
            DelayP50Ms = Round(LatencyHistogram.PercentileMs(b.Delay, a.Delay, 50)),
            DelayP95Ms = Round(LatencyHistogram.PercentileMs(b.Delay, a.Delay, 95)),
            DelayP99Ms = Round(LatencyHistogram.PercentileMs(b.Delay, a.Delay, 99)),
            JitterMs = y.JitterStreams == 0 ? 0 : Math.Round(y.JitterMsSum / y.JitterStreams, 3),
            Retransmissions = y.Retransmissions - x.Retransmissions,
            NacksSent = y.NacksSent - x.NacksSent,
            KeyFrameRequests = y.KeyFrameRequests - x.KeyFrameRequests,
            UplinkDropped = y.UplinkDropped - x.UplinkDropped,
            PublisherRetransmissions = y.PublisherRetransmissions - x.PublisherRetransmissions,
            ServerCpuPercent = serverCpu is { } sc ? Math.Round(sc / seconds / 1e4, 1) : null,
            ServerCpuMicrosPerForwardedPacket = serverCpu is { } sp && forwarded > 0 ? Math.Round(sp / forwarded, 3) : null,
            ServerRssBytes = b.ServerCpu is null ? null : b.ServerRss,
            GeneratorCpuPercent = Math.Round(generatorCpu / seconds / 1e4, 1),
            GeneratorCpuMicrosPerPacket = forwarded + sent > 0 ? Math.Round(generatorCpu / (forwarded + sent), 3) : 0,
            GeneratorAllocatedBytesPerPacket = forwarded + sent > 0 ? Math.Round((b.GeneratorAllocatedBytes - a.GeneratorAllocatedBytes) / (double)(forwarded + sent), 2) : 0,
            UdpReceiveBufferErrors = b.UdpReceiveErrors - a.UdpReceiveErrors,
        };
    }

    /// <summary>NaN (no samples) becomes -1 so that JSON stays valid.</summary>
    private static double Round(double ms) => double.IsNaN(ms) || double.IsInfinity(ms) ? -1 : Math.Round(ms, 3);
}
