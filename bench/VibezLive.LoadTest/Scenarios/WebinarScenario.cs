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

        int target = ramp ? Math.Min(o.RampStart > 0 ? o.RampStart : o.RampStep, limit) : limit;
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
                await Task.Delay(o.Settle, ct); // joins' DTLS handshakes and first key frames are over
                steadyStart ??= reporter.Take();

                // This machine is shared: a step that fails is measured once more, and fails only if it fails twice,
                // so that one stray burst of another process does not end the ramp.
                RampStep step = await MeasureStepAsync(reporter, o, subscribers, target, ct);
                if (!step.Passed)
                {
                    steps.Add(step with { Verdict = step.Verdict + " (re-measuring)" });
                    step = await MeasureStepAsync(reporter, o, subscribers, target, ct);
                }

                steps.Add(step);
                if (!step.Passed)
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

    private static async Task<RampStep> MeasureStepAsync(ProgressReporter reporter, LoadTestOptions o, int subscribers, int target, CancellationToken ct)
    {
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
        return new RampStep(subscribers, verdict == "ok", verdict, r);
    }
}
