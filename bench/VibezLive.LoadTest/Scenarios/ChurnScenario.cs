using System.Globalization;
using VibezLive.LoadTest.Reporting;

namespace VibezLive.LoadTest.Scenarios;

/// <summary>
/// Peers join, publish, consume, stay a little, and leave, continuously (--concurrency in flight): first
/// --warmup-cycles, then --cycles more, until done or --duration ends. Then every object count in the server's
/// metrics must be back to zero, and its memory is compared with where it was after the warm-up.
/// </summary>
/// <remarks>
/// Memory is sampled three times, each with no peer connected and after the server's close cascades had time to
/// finish: cold (before the first join), after the warm-up cycles (the baseline), and at the end. The warm-up
/// separates one-time costs (JIT and tiered recompilation, loader heaps, pools filling, the GC growing its budget)
/// from growth per cycle; the report gives the growth against both points and names its baseline.
/// </remarks>
internal static class ChurnScenario
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(3);

    public static async Task<ScenarioOutcome> RunAsync(LoadContext ctx, PeerGroup group, ProgressReporter reporter, CancellationToken ct)
    {
        LoadTestOptions o = ctx.Options;
        int warmup = o.WarmupCycles >= 0 ? o.WarmupCycles : Math.Max(1, o.Cycles / 10);
        var samples = new List<ServerMemorySample>();
        await AddSampleAsync(samples, o, "cold", 0);

        reporter.Phase = "churn warm-up";
        (int warmDone, int warmAbrupt) = await RunCyclesAsync(ctx, group, 0, warmup, ct);
        ServerMemorySample? warm = null;
        if (warmup > 0)
        {
            await Task.Delay(Drain, CancellationToken.None);
            warm = await AddSampleAsync(samples, o, "warm", warmDone);
        }

        reporter.Phase = "churn";
        (int measuredDone, int measuredAbrupt) = await RunCyclesAsync(ctx, group, warmup, o.Cycles, ct);

        // Let the server finish its close cascades, then look at its counters.
        reporter.Phase = "drain";
        await Task.Delay(Drain, CancellationToken.None);
        Dictionary<string, double>? metrics = await MetricsScraper.ScrapeAsync(o.Server, o.MetricsPath, CancellationToken.None);
        ServerMemorySample? end = await AddSampleAsync(samples, o, "end", warmDone + measuredDone);
        ServerMemorySample? cold = samples.Count > 0 && samples[0].Point == "cold" ? samples[0] : null;

        ServerMemorySample? baseline = warm ?? cold;
        ChurnMemory? memory = end is null ? null : new ChurnMemory(
            warm is null ? "cold (no warm-up cycles)" : $"after {warmDone} warm-up cycles",
            warmDone,
            measuredDone,
            warmAbrupt + measuredAbrupt,
            samples,
            Growth(baseline?.RssBytes, end.RssBytes),
            Growth(cold?.RssBytes, end.RssBytes),
            Growth(baseline?.RssOutsideGcBytes, end.RssOutsideGcBytes),
            Growth(baseline?.GcHeapAfterLastGcBytes, end.GcHeapAfterLastGcBytes));

        return new ScenarioOutcome
        {
            MetricsAfter = metrics,
            MetricsBackToZero = metrics is null ? null : metrics.Values.All(v => v == 0),
            RssBeforeBytes = cold?.RssBytes,
            RssWarmBytes = warm?.RssBytes,
            RssAfterBytes = end?.RssBytes,
            ChurnMemory = memory,
        };
    }

    /// <summary>Runs cycles first+1 … first+count with --concurrency workers; returns how many were done and how many of those dropped their connection.</summary>
    private static async Task<(int Done, int Abrupt)> RunCyclesAsync(LoadContext ctx, PeerGroup group, int first, int count, CancellationToken ct)
    {
        LoadTestOptions o = ctx.Options;
        int started = first;
        int finished = 0;
        int abruptLeaves = 0;
        int last = first + count;

        async Task WorkerAsync()
        {
            int i;
            while (!ct.IsCancellationRequested && (i = Interlocked.Increment(ref started)) <= last)
            {
                string room = o.RoomPrefix + "-c" + (i % o.Rooms).ToString(CultureInfo.InvariantCulture);
                var peer = new LoadPeer(ctx, "churn-" + i.ToString(CultureInfo.InvariantCulture), room, publish: true, subscribe: true);
                try
                {
                    if (await group.JoinAsync(peer, ct))
                    {
                        double factor = 0.5 + Random.Shared.NextDouble();
                        await Task.Delay(o.Hold * factor, ct);
                    }
                }
                catch (OperationCanceledException)
                {
                    // End of the run: leave below.
                }
                finally
                {
                    // --abrupt-percent: spread evenly over the cycles (37 is coprime with 100).
                    bool abrupt = i * 37 % 100 < o.AbruptPercent;
                    await group.RemoveAsync(peer, abrupt);
                    if (abrupt)
                    {
                        Interlocked.Increment(ref abruptLeaves);
                    }
                }

                Interlocked.Increment(ref finished);
            }
        }

        if (count > 0)
        {
            int workers = Math.Min(Math.Min(o.Concurrency, o.MaxPeers), count);
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(WorkerAsync, CancellationToken.None)));
        }

        return (finished, abruptLeaves);
    }

    private static async Task<ServerMemorySample?> AddSampleAsync(List<ServerMemorySample> samples, LoadTestOptions o, string point, int cyclesDone)
    {
        ServerMemorySample? sample = await MemoryProbe.TakeAsync(o, point, cyclesDone, livePeers: 0);
        if (sample is not null)
        {
            samples.Add(sample);
        }

        return sample;
    }

    private static double? Growth(long? from, long? to) =>
        from is > 0 and { } a && to is { } b ? Math.Round((b - a) * 100.0 / a, 1) : null;
}
