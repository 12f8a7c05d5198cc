namespace VibezLive.LoadTest.Reporting;

/// <summary>The server process as seen from /proc: CPU over the run, RSS before/at peak/after, RSS growth per consumer.</summary>
internal sealed record ServerSummary(
    int Pid,
    double CpuSeconds,
    double? CpuMicrosPerForwardedPacket,
    long RssStartBytes,
    long RssPeakConsumersBytes,
    long RssEndBytes,
    int PeakConsumers,
    double? RssBytesPerConsumer,
    double RssGrowthPercent,
    long? RssWarmBytes,
    double? RssGrowthSinceWarmPercent);
