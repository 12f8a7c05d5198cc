using System.Diagnostics;

namespace VibezLive.LoadTest.Scenarios;

/// <summary>Waiting helpers shared by the scenarios (all bounded).</summary>
internal static class ScenarioHelpers
{
    /// <summary>Waits until the group holds at least <paramref name="expected"/> consumers or <paramref name="timeout"/> passes.</summary>
    public static async Task WaitForConsumersAsync(PeerGroup group, int expected, TimeSpan timeout, CancellationToken ct)
    {
        long start = Stopwatch.GetTimestamp();
        while (group.Consumers < expected && Stopwatch.GetElapsedTime(start) < timeout)
        {
            await Task.Delay(100, ct);
        }
    }

    /// <summary>Waits until the run's token fires (the --duration bound); returns normally.</summary>
    public static async Task WaitUntilEndAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            // The end of the run.
        }
    }

    public static int KindsPerPublisher(LoadTestOptions o) => (o.Audio ? 1 : 0) + (o.Video ? 1 : 0);
}
