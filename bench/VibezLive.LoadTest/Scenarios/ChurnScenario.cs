using System.Globalization;
using VibezLive.LoadTest.Metrics;

namespace VibezLive.LoadTest.Scenarios;

/// <summary>
/// Peers join, publish, consume, stay a little, and leave, continuously (--concurrency in flight) until --cycles
/// are done or --duration ends. Then every object count in the server's metrics must be back to zero and its RSS
/// near where it started.
/// </summary>
internal static class ChurnScenario
{
    public static async Task<ScenarioOutcome> RunAsync(LoadContext ctx, PeerGroup group, Reporting.ProgressReporter reporter, CancellationToken ct)
    {
        LoadTestOptions o = ctx.Options;
        long? rssBefore = o.ServerPid is { } pid && ProcStat.TryRead(pid, out _, out long rss) ? rss : null;
        int started = 0;
        int finished = 0;
        long? rssWarm = null;
        int warmAfter = Math.Max(1, o.Cycles / 10);
        reporter.Phase = "churn";

        async Task WorkerAsync()
        {
            int i;
            while (!ct.IsCancellationRequested && (i = Interlocked.Increment(ref started)) <= o.Cycles)
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
                    await group.RemoveAsync(peer);
                }

                // RSS once the first tenth of the cycles is done: JIT, pools and caches are warm by then, so the
                // comparison with the end shows growth per cycle rather than start-up.
                if (Interlocked.Increment(ref finished) == warmAfter && o.ServerPid is { } p1 && ProcStat.TryRead(p1, out _, out long warm))
                {
                    rssWarm = warm;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(o.Concurrency, o.MaxPeers)).Select(_ => Task.Run(WorkerAsync, CancellationToken.None)));

        // Let the server finish its close cascades, then look at its counters.
        reporter.Phase = "drain";
        await Task.Delay(TimeSpan.FromSeconds(3), CancellationToken.None);
        Dictionary<string, double>? metrics = await MetricsScraper.ScrapeAsync(o.Server, o.MetricsPath, CancellationToken.None);
        long? rssAfter = o.ServerPid is { } p2 && ProcStat.TryRead(p2, out _, out long rss2) ? rss2 : null;
        return new ScenarioOutcome
        {
            MetricsAfter = metrics,
            MetricsBackToZero = metrics is null ? null : metrics.Values.All(v => v == 0),
            RssBeforeBytes = rssBefore,
            RssWarmBytes = rssWarm,
            RssAfterBytes = rssAfter,
        };
    }
}
