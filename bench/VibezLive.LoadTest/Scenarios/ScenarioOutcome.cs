using VibezLive.LoadTest.Metrics;
using VibezLive.LoadTest.Reporting;

namespace VibezLive.LoadTest.Scenarios;

/// <summary>What a scenario hands back to the report besides the continuous samples.</summary>
internal sealed record ScenarioOutcome
{
    /// <summary>Where the steady-state totals start (null: the whole run).</summary>
    public Snapshot? SteadyStart { get; init; }

    public List<RampStep>? Steps { get; init; }

    public int? MaxSubscribersPassing { get; init; }

    public Dictionary<string, double>? MetricsAfter { get; init; }

    public bool? MetricsBackToZero { get; init; }

    public long? RssBeforeBytes { get; init; }

    public long? RssAfterBytes { get; init; }

    /// <summary>Churn: server RSS after the warm-up cycles.</summary>
    public long? RssWarmBytes { get; init; }

    /// <summary>Churn: the server's memory cold, after warm-up and at the end.</summary>
    public ChurnMemory? ChurnMemory { get; init; }
}
