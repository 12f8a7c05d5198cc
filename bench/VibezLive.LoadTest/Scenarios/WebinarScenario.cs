using System.Globalization;
using VibezLive.LoadTest.Reporting;

namespace VibezLive.LoadTest.Scenarios;

/// <summary>
/// One publisher (audio + video) and N subscribers in one room. With --ramp-step K: N grows by K per step, each
/// step held and measured, until loss ≥ 1% or p99 delay ≥ 50 ms (or a bound is hit); the largest passing N is
/// the result.
/// </summary>
internal static class WebinarScenario
{
    public const double MaxLossPercent = 1.0;
    public const double MaxP99Ms = 50.0;

    public static async Task<ScenarioOutcome> RunAsync(LoadContext ctx, PeerGroup group, ProgressReporter reporter, CancellationToken ct)
    {
        LoadTestOptions o = ctx.Options;
        string room = o.RoomPrefix + "-webinar";
        int kinds = ScenarioHelpers.KindsPerPublisher(o);
        reporter.Phase = "publisher";
        if (!await group.JoinAsync(new LoadPeer(ctx, "presenter", room, publish: true, subscribe: false), ct))
        {
            return new ScenarioOutcome();
        }

        bool ramp = o.RampStep > 0;
        int limit = Math.Min(o.Subscribers, o.MaxPeers - 1);
        if (ramp)
        {
            limit = o.MaxPeers - 1;
        }

        int target = ramp ? Math.Min(o.RampStep, limit) : limit;
        int created = 0;
        var steps = new List<RampStep>();
        int? maxPassing = null;
        Metrics.Snapshot? steadyStart = null;
        try
        {
            while (true)
            {
                reporter.Phase = "join " + target.ToString(CultureInfo.InvariantCulture);
                var joining = new List<LoadPeer>();
                for (; created < target; created++)
                {
                    joining.Add(new LoadPeer(ctx, "sub-" + created.ToString(CultureInfo.InvariantCulture), room, publish: false, subscribe: true));
                }

                await group.JoinAllAsync(joining, ct);
                int subscribers = group.Count - 1;
                await ScenarioHelpers.WaitForConsumersAsync(group, subscribers * kinds, TimeSpan.FromSeconds(15), ct);

                if (!ramp)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct); // first key frames
                    steadyStart = reporter.Take();
                    reporter.Phase = "steady";
                    await ScenarioHelpers.WaitUntilEndAsync(ct);
                    break;
                }

                reporter.Phase = "settle " + subscribers.ToString(CultureInfo.InvariantCulture);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                steadyStart ??= reporter.Take();
                var a = reporter.Take();
                reporter.Phase = "hold " + subscribers.ToString(CultureInfo.InvariantCulture);
                await Task.Delay(o.StepDuration, ct);
                IntervalResult r = IntervalResult.Between(a, reporter.Take());
                string verdict =
                    r.ForwardedPackets == 0 ? "nothing forwarded"
                    : r.LossPercent >= MaxLossPercent ? $"loss {r.LossPercent:0.###}% >= {MaxLossPercent}%"
                    : r.DelayP99Ms < 0 || r.DelayP99Ms >= MaxP99Ms ? $"p99 {r.DelayP99Ms:0.##} ms >= {MaxP99Ms} ms"
                    : subscribers < target ? $"only {subscribers} of {target} subscribers joined"
                    : "ok";
                bool passed = verdict == "ok";
                steps.Add(new RampStep(subscribers, passed, verdict, r));
                if (!passed)
                {
                    break;
                }

                maxPassing = subscribers;
                if (target >= limit)
                {
                    break;
                }

                target = Math.Min(target + o.RampStep, limit);
            }
        }
        catch (OperationCanceledException)
        {
            // --duration reached: report what was measured.
        }

        return new ScenarioOutcome { SteadyStart = steadyStart, Steps = ramp ? steps : null, MaxSubscribersPassing = ramp ? maxPassing : null };
    }
}
