namespace VibezLive.LoadTest.Reporting;

/// <summary>
/// Churn: the server's memory cold, after the warm-up cycles and at the end (each with no peer connected), and the
/// growth against the baseline it names (the warm sample, or the cold one without warm-up). The target (issue #7) is end within 10% of the baseline. AbruptLeaves: peers
/// that dropped their connection instead of leaving (--abrupt-percent).
/// </summary>
internal sealed record ChurnMemory(
    string Baseline,
    int WarmupCycles,
    int MeasuredCycles,
    int AbruptLeaves,
    List<ServerMemorySample> Samples,
    double? RssGrowthPercent,
    double? RssGrowthSinceColdPercent,
    double? RssOutsideGcGrowthPercent,
    double? GcHeapGrowthPercent);
