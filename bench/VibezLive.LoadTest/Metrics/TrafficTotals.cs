namespace VibezLive.LoadTest.Metrics;

/// <summary>Cumulative traffic counters at one instant (sums over live and retired peers).</summary>
internal readonly record struct TrafficTotals(
    long ReceivedPackets,
    long ReceivedBytes,
    long Expected,
    long Unique,
    long Duplicates,
    long Retransmissions,
    long NacksSent,
    long SentPackets,
    long SentBytes,
    long KeyFrameRequests,
    long UplinkDropped,
    long PublisherRetransmissions,
    int Consumers,
    int VideoConsumers,
    double JitterMsSum,
    int JitterStreams);
