namespace VibezLive.LoadTest.Reporting;

/// <summary>Per-stream view at the end of the run: the aggregate can hide one bad consumer, this does not.</summary>
internal sealed record StreamSummary(
    int Streams,
    int StreamsWithoutPackets,
    int StreamsOver1PercentLoss,
    double WorstLossPercent,
    double MeanJitterMs,
    double MaxJitterMs);
