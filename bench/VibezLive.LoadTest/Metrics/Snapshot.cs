namespace VibezLive.LoadTest.Metrics;

/// <summary>Everything measured at one instant; intervals are differences of two snapshots.</summary>
internal sealed record Snapshot(
    long Timestamp,
    TrafficTotals Traffic,
    long[] Delay,
    int Peers,
    long Joins,
    TimeSpan? ServerCpu,
    long ServerRss,
    TimeSpan GeneratorCpu,
    long UdpReceiveErrors,
    long GeneratorAllocatedBytes);
