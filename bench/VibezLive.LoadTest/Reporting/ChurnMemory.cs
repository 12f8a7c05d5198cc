namespace VibezLive.LoadTest.Reporting;

/// <summary>
/// Churn: the server's memory cold, after the warm-up cycles and at the end (each with no peer connected), and the
/// growth against the baseline it names. The target (issue #7) is end within 10% of the baseline.
/// </summary>
internal sealed record ChurnMemory(
    string Baseline,
    int WarmupCycles,
    int MeasuredCycles,
    List<ServerMemorySample> Samples,
    double? RssGrowthSinceWarmPercent,
    double? RssGrowthSinceColdPercent,
    double? RssOutsideGcGrowthSinceWarmPercent,
    double? GcHeapGrowthSinceWarmPercent);
