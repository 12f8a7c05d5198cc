using System.Globalization;
using VibezLive.LoadTest.Media;
using VibezLive.LoadTest.Metrics;

namespace VibezLive.LoadTest.Reporting;

/// <summary>Takes a snapshot every second, keeps the per-second samples, and prints a live progress line to stderr.</summary>
internal sealed class ProgressReporter : IAsyncDisposable
{
    private const int MaxSamples = 3600;

    private readonly LoadStats _stats;
    private readonly MediaScheduler _scheduler;
    private readonly int? _serverPid;
    private readonly bool _quiet;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IntervalResult> _samples = [];
    private readonly Lock _gate = new();
    private Task _loop = Task.CompletedTask;
    private int _lines;

    public ProgressReporter(LoadStats stats, MediaScheduler scheduler, int? serverPid, bool quiet)
    {
        _stats = stats;
        _scheduler = scheduler;
        _serverPid = serverPid;
        _quiet = quiet;
        Baseline = Take();
    }

    public Snapshot Baseline { get; }

    public int PeakConsumers { get; private set; }

    public long RssAtPeakConsumers { get; private set; }

    public string Phase { get; set; } = "start";

    public List<IntervalResult> Samples
    {
        get
        {
            lock (_gate)
            {
                return [.. _samples];
            }
        }
    }

    public Snapshot Take() => _stats.TakeSnapshot(_scheduler, _serverPid);

    public void Start() => _loop = Task.Run(LoopAsync);

    private async Task LoopAsync()
    {
        Snapshot previous = Take();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Snapshot now = Take();
                IntervalResult r = IntervalResult.Between(previous, now);
                previous = now;
                lock (_gate)
                {
                    if (_samples.Count < MaxSamples)
                    {
                        _samples.Add(r);
                    }
                }

                if (r.Consumers >= PeakConsumers)
                {
                    PeakConsumers = r.Consumers;
                    RssAtPeakConsumers = now.ServerRss;
                }

                if (!_quiet)
                {
                    Print(r);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Print(IntervalResult r)
    {
        if (_lines++ % 20 == 0)
        {
            Console.Error.WriteLine("phase        peers  cons   fwd pkt/s   Mbit/s  loss%   p50ms  p95ms  p99ms  srvCPU%  srv µs/pkt  genCPU%  gen µs/pkt  rcvbufErr");
        }

        Console.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{Phase,-12} {r.Peers,5} {r.Consumers,5} {r.ForwardedPacketsPerSecond,11:0} {r.ForwardedMbps,8:0.00} {r.LossPercent,6:0.00} {r.DelayP50Ms,7:0.00} {r.DelayP95Ms,6:0.00} {r.DelayP99Ms,6:0.00} {Fmt(r.ServerCpuPercent),8} {Fmt(r.ServerCpuMicrosPerForwardedPacket),11} {r.GeneratorCpuPercent,8:0.0} {r.GeneratorCpuMicrosPerPacket,11:0.00} {r.UdpReceiveBufferErrors,10}"));
    }

    private static string Fmt(double? v) => v is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
