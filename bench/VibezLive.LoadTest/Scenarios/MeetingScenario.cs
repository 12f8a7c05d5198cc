using System.Globalization;

namespace VibezLive.LoadTest.Scenarios;

/// <summary>R rooms × P peers; everyone publishes audio + video and consumes everyone else in the room.</summary>
internal static class MeetingScenario
{
    public static async Task<ScenarioOutcome> RunAsync(LoadContext ctx, PeerGroup group, Reporting.ProgressReporter reporter, CancellationToken ct)
    {
        LoadTestOptions o = ctx.Options;
        var peers = new List<LoadPeer>();
        for (int r = 0; r < o.Rooms; r++)
        {
            for (int p = 0; p < o.PeersPerRoom && peers.Count < o.MaxPeers; p++)
            {
                string room = o.RoomPrefix + "-m" + r.ToString(CultureInfo.InvariantCulture);
                peers.Add(new LoadPeer(ctx, $"r{r}-p{p}", room, publish: true, subscribe: true));
            }
        }

        Metrics.Snapshot? steadyStart = null;
        try
        {
            reporter.Phase = "join";
            await group.JoinAllAsync(peers, ct);
            int kinds = ScenarioHelpers.KindsPerPublisher(o);
            int expected = peers.Count * (o.PeersPerRoom - 1) * kinds;
            await ScenarioHelpers.WaitForConsumersAsync(group, expected, TimeSpan.FromSeconds(20), ct);
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            steadyStart = reporter.Take();
            reporter.Phase = "steady";
            await ScenarioHelpers.WaitUntilEndAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // --duration reached.
        }

        return new ScenarioOutcome { SteadyStart = steadyStart };
    }
}
