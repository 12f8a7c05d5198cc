namespace VibezLive.LoadTest.Reporting;

/// <summary>The JSON report (--json).</summary>
internal sealed record LoadTestReport
{
    public required string Scenario { get; init; }

    public required string Target { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required double DurationSeconds { get; init; }

    public required Dictionary<string, string> Settings { get; init; }

    /// <summary>Steady state: from when the scenario's peers were all in (or the whole run for churn) to the end.</summary>
    public required IntervalResult Totals { get; init; }

    public required JoinSummary Joins { get; init; }

    /// <summary>Every consumer stream alive at the end of the scenario (before leaving).</summary>
    public required StreamSummary Streams { get; init; }

    public ServerSummary? Server { get; init; }

    /// <summary>Churn: server memory cold, after warm-up, at the end, and the growth against the named baseline.</summary>
    public ChurnMemory? ChurnMemory { get; init; }

    public required List<IntervalResult> Samples { get; init; }

    public List<RampStep>? Steps { get; init; }

    /// <summary>Webinar ramp: the largest N that met loss &lt; 1% and p99 &lt; 50 ms.</summary>
    public int? MaxSubscribersPassing { get; init; }

    /// <summary>Gauges of the server's metrics endpoint after the run (rooms, peers, transports, producers, consumers).</summary>
    public Dictionary<string, double>? MetricsAfter { get; init; }

    public bool? MetricsBackToZero { get; init; }

    public required Dictionary<string, int> Errors { get; init; }
}
