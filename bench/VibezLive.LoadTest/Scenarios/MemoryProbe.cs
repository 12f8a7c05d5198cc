using Microsoft.Diagnostics.NETCore.Client;
using VibezLive.HeapDiff;
using VibezLive.LoadTest.Metrics;
using VibezLive.LoadTest.Reporting;

namespace VibezLive.LoadTest.Scenarios;

/// <summary>
/// Takes a <see cref="ServerMemorySample"/>: RSS from /proc/&lt;pid&gt;, runtime figures from the metrics endpoint.
/// Unless --no-server-gc, a full blocking GC is induced in the server first (EventPipe, a .NET server only), so that
/// "GC heap after last GC" is the live managed heap and every sample sees the GC in the same state.
/// </summary>
internal static class MemoryProbe
{
    // Names as prometheus-net exports the .NET "System.Runtime" meter and its own process collectors.
    private const string Committed = "system_runtime_dotnet_gc_last_collection_memory_committed_size";
    private const string HeapSize = "system_runtime_dotnet_gc_last_collection_heap_size";
    private const string Fragmentation = "system_runtime_dotnet_gc_last_collection_heap_fragmentation_size";
    private const string TotalMemory = "dotnet_total_memory_bytes";
    private const string JitMethods = "system_runtime_dotnet_jit_compiled_methods";
    private const string Collections = "system_runtime_dotnet_gc_collections";

    public static async Task<ServerMemorySample?> TakeAsync(LoadTestOptions o, string point, int cyclesDone, int livePeers)
    {
        if (o.ServerPid is not { } pid || !ProcStat.TryRead(pid, out _, out long rss))
        {
            return null;
        }

        bool collected = false;
        if (o.ServerGc)
        {
            try
            {
                await Task.Run(() => GcTrigger.Collect(new DiagnosticsClient(pid)));
                collected = true;
                ProcStat.TryRead(pid, out _, out rss);
            }
            catch (Exception ex) when (ex is ServerNotAvailableException or UnsupportedCommandException or IOException or TimeoutException or UnauthorizedAccessException)
            {
                // Not a .NET process or no diagnostics socket: sample without it.
            }
        }

        Dictionary<string, double>? m = await MetricsScraper.ScrapeAllAsync(o.Server, o.MetricsPath, CancellationToken.None);
        long? committed = Sum(m, Committed);
        return new ServerMemorySample(
            point,
            cyclesDone,
            livePeers,
            rss,
            committed,
            Sum(m, HeapSize),
            Sum(m, Fragmentation),
            Sum(m, TotalMemory),
            committed is { } c ? rss - c : null,
            Sum(m, JitMethods),
            Sum(m, Collections),
            collected);
    }

    /// <summary>The sum of every series of one metric (all its label sets), or null when it is not exported.</summary>
    private static long? Sum(Dictionary<string, double>? metrics, string name)
    {
        if (metrics is null)
        {
            return null;
        }

        double total = 0;
        bool found = false;
        foreach ((string series, double value) in metrics)
        {
            if (series.Length >= name.Length && series.StartsWith(name, StringComparison.Ordinal)
                && (series.Length == name.Length || series[name.Length] == '{'))
            {
                total += value;
                found = true;
            }
        }

        return found ? (long)total : null;
    }
}
