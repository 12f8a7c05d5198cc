using System.Globalization;
using System.Text;
using System.Text.Json;
using VibezLive.LoadTest;
using VibezLive.LoadTest.Calibration;
using VibezLive.LoadTest.Metrics;
using VibezLive.LoadTest.Reporting;
using VibezLive.LoadTest.Scenarios;

// Run socket completions on the epoll threads instead of hopping to the thread pool: the receive loops do a bounded
// amount of non-blocking work per datagram, and this keeps the generator's own cost and delay per packet down.
// Read by the socket engine on first use, so it must be set before any socket exists; an explicit setting wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

LoadTestOptions? options = LoadTestOptions.Parse(args, out string? error);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine();
    Console.Error.WriteLine(LoadTestOptions.Usage);
    return 2;
}

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupt.Cancel();
};

DateTimeOffset startedAt = DateTimeOffset.UtcNow;
using var context = new LoadContext(options);
using var group = new PeerGroup(context);
await using var reporter = new ProgressReporter(context.Stats, context.Scheduler, options.ServerPid, options.Quiet);
Snapshot baseline = reporter.Baseline;
reporter.Start();

// The whole scenario is bounded by --duration; leaving afterwards is bounded by its own timeouts.
using var run = CancellationTokenSource.CreateLinkedTokenSource(interrupt.Token);
run.CancelAfter(options.Duration);
ScenarioOutcome outcome = options.Scenario switch
{
    "meeting" => await MeetingScenario.RunAsync(context, group, reporter, run.Token),
    "webinar" => await WebinarScenario.RunAsync(context, group, reporter, run.Token),
    "calibrate" => await LoopbackReflector.RunAsync(context, reporter, run.Token),
    _ => await ChurnScenario.RunAsync(context, group, reporter, run.Token),
};

Snapshot end = reporter.Take();
StreamSummary streams = context.Stats.SummarizeStreams();
reporter.Phase = "leave";
await group.LeaveAllAsync();
Snapshot afterLeave = reporter.Take();

IntervalResult totals = IntervalResult.Between(outcome.SteadyStart ?? baseline, end);
double runSeconds = (end.Timestamp - baseline.Timestamp) / (double)System.Diagnostics.Stopwatch.Frequency;
double[] joinMs = context.Stats.JoinTimesMs;
double[] firstMs = context.Stats.FirstPacketTimesMs;
var joins = new JoinSummary(
    context.Stats.Joins + context.Stats.JoinFailures,
    context.Stats.Joins,
    context.Stats.JoinFailures,
    Math.Round(context.Stats.JoinsPerSecond, 2),
    Percentile(joinMs, 50),
    Percentile(joinMs, 95),
    Percentile(joinMs, 99),
    firstMs.Length,
    Percentile(firstMs, 50),
    Percentile(firstMs, 95),
    Percentile(firstMs, 99));

ServerSummary? server = null;
if (options.ServerPid is { } pid && baseline.ServerCpu is { } cpu0 && afterLeave.ServerCpu is { } cpu1)
{
    long rssStart = outcome.RssBeforeBytes ?? baseline.ServerRss;
    server = new ServerSummary(
        pid,
        Math.Round((cpu1 - cpu0).TotalSeconds, 3),
        totals.ServerCpuMicrosPerForwardedPacket,
        rssStart,
        reporter.RssAtPeakConsumers,
        outcome.RssAfterBytes ?? afterLeave.ServerRss,
        reporter.PeakConsumers,
        reporter.PeakConsumers > 0 ? Math.Round((reporter.RssAtPeakConsumers - baseline.ServerRss) / (double)reporter.PeakConsumers, 0) : null,
        rssStart > 0 ? Math.Round(((outcome.RssAfterBytes ?? afterLeave.ServerRss) - rssStart) * 100.0 / rssStart, 1) : 0,
        outcome.RssWarmBytes,
        outcome.RssWarmBytes is > 0 and { } warm ? Math.Round(((outcome.RssAfterBytes ?? afterLeave.ServerRss) - warm) * 100.0 / warm, 1) : null);
}

var report = new LoadTestReport
{
    Scenario = options.Scenario,
    Target = options.Server.ToString(),
    StartedAt = startedAt,
    DurationSeconds = Math.Round(runSeconds, 3),
    Settings = options.Describe(),
    Totals = totals,
    Joins = joins,
    Streams = streams,
    Server = server,
    ChurnMemory = outcome.ChurnMemory,
    Samples = reporter.Samples,
    Steps = outcome.Steps,
    MaxSubscribersPassing = outcome.MaxSubscribersPassing,
    MetricsAfter = outcome.MetricsAfter,
    MetricsBackToZero = outcome.MetricsBackToZero,
    Errors = context.Stats.Errors.ToDictionary(),
};

if (options.JsonPath is { } jsonPath)
{
    await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(report, ReportJsonContext.Default.LoadTestReport));
}

Console.Out.Write(Summary(report));
return 0;

static double Percentile(double[] values, double p)
{
    if (values.Length == 0)
    {
        return -1;
    }

    Array.Sort(values);
    int index = (int)Math.Ceiling(p / 100.0 * values.Length) - 1;
    return Math.Round(values[Math.Clamp(index, 0, values.Length - 1)], 1);
}

static string Summary(LoadTestReport r)
{
    var sb = new StringBuilder();
    var c = CultureInfo.InvariantCulture;
    IntervalResult t = r.Totals;
    sb.AppendLine(c, $"== VibezLive load test: {r.Scenario} against {r.Target}, {r.DurationSeconds:0.0} s ==");
    sb.AppendLine(c, $"joins            {r.Joins.Succeeded} ok, {r.Joins.Failed} failed, {r.Joins.JoinsPerSecond:0.0}/s; join ack p50/p95/p99 {r.Joins.JoinP50Ms}/{r.Joins.JoinP95Ms}/{r.Joins.JoinP99Ms} ms");
    sb.AppendLine(c, $"join→1st packet  p50/p95/p99 {r.Joins.FirstPacketP50Ms}/{r.Joins.FirstPacketP95Ms}/{r.Joins.FirstPacketP99Ms} ms ({r.Joins.FirstPacketSamples} receivers)");
    sb.AppendLine(c, $"steady state     {t.Seconds:0.0} s, {t.Consumers} consumers ({t.VideoConsumers} video), {t.Peers} peers");
    sb.AppendLine(c, $"forwarded        {t.ForwardedPacketsPerSecond:0} pkt/s, {t.ForwardedMbps:0.00} Mbit/s (generator sent {t.SentPacketsPerSecond:0} pkt/s)");
    sb.AppendLine(c, $"loss             {t.LossPercent:0.###} %  (NACKs sent {t.NacksSent}, retransmissions {t.Retransmissions}, key frame requests {t.KeyFrameRequests}; uplink dropped {t.UplinkDropped}, publisher RTX {t.PublisherRetransmissions})");
    sb.AppendLine(c, $"per stream       {r.Streams.Streams} streams, {r.Streams.StreamsWithoutPackets} silent, {r.Streams.StreamsOver1PercentLoss} over 1% loss (worst {r.Streams.WorstLossPercent} %); jitter mean {r.Streams.MeanJitterMs} ms, max {r.Streams.MaxJitterMs} ms");
    sb.AppendLine(c, $"one-way delay    p50 {t.DelayP50Ms:0.###} ms, p95 {t.DelayP95Ms:0.###} ms, p99 {t.DelayP99Ms:0.###} ms; jitter {t.JitterMs:0.###} ms");
    if (r.Server is { } s)
    {
        sb.AppendLine(c, $"server pid {s.Pid}   CPU {t.ServerCpuPercent}% = {s.CpuMicrosPerForwardedPacket} µs per forwarded packet; RSS {s.RssStartBytes / 1048576.0:0.0} → {s.RssPeakConsumersBytes / 1048576.0:0.0} MiB at {s.PeakConsumers} consumers ({s.RssBytesPerConsumer / 1024.0:0.0} KiB/consumer) → {s.RssEndBytes / 1048576.0:0.0} MiB after ({s.RssGrowthPercent:+0.0;-0.0}%)");
    }

    if (r.ChurnMemory is { } mem)
    {
        sb.AppendLine(c, $"server memory    baseline: {mem.Baseline}; then {mem.MeasuredCycles} measured cycles{(mem.AbruptLeaves > 0 ? $" ({mem.AbruptLeaves} peers dropped their connection instead of leaving)" : "")}; every sample with no peer connected{(mem.Samples.All(m => m.AfterInducedFullGc) ? ", right after a full GC induced in the server" : "")}");
        sb.AppendLine("  point  cycles        RSS  GC committed  GC heap after GC  fragmentation  RSS outside GC  JIT methods    GCs");
        foreach (ServerMemorySample m in mem.Samples)
        {
            sb.AppendLine(c, $"  {m.Point,-5} {m.CyclesDone,7} {Mib(m.RssBytes),10} {Mib(m.GcCommittedBytes),13} {Mib(m.GcHeapAfterLastGcBytes),17} {Mib(m.GcFragmentationBytes),14} {Mib(m.RssOutsideGcBytes),15} {m.JitCompiledMethods,12} {m.GcCollections,6}");
        }

        ServerMemorySample? first = mem.Samples.Count > 1 ? mem.Samples[^2] : null;
        ServerMemorySample last = mem.Samples[^1];
        if (first?.JitCompiledMethods is > 0 and { } before && last.JitCompiledMethods is { } after && after - before > before / 20)
        {
            sb.AppendLine(c, $"  note: the JIT compiled {after - before} more methods during the measured cycles (+{(after - before) * 100.0 / before:0}%): tiered compilation was not finished at the baseline, so RSS outside the GC grows with it; a longer --warmup-cycles separates it");
        }

        sb.AppendLine(c, $"  RSS end vs baseline {Pct(mem.RssGrowthPercent)} (target ≤ +10%), vs cold {Pct(mem.RssGrowthSinceColdPercent)}; RSS outside the GC vs baseline {Pct(mem.RssOutsideGcGrowthPercent)}; GC heap after last GC vs baseline {Pct(mem.GcHeapGrowthPercent)}");
    }

    sb.AppendLine(c, $"generator        CPU {t.GeneratorCpuPercent}% = {t.GeneratorCpuMicrosPerPacket} µs per packet handled, {t.GeneratorAllocatedBytesPerPacket} B allocated per packet; UDP rcvbuf drops {t.UdpReceiveBufferErrors}");
    if (r.Steps is { } steps)
    {
        sb.AppendLine("ramp (N subscribers: pkt/s, loss %, p99 ms, server µs/pkt, generator µs/pkt, verdict)");
        foreach (var step in steps)
        {
            IntervalResult m = step.Measured;
            sb.AppendLine(c, $"  N={step.Subscribers,5}: {m.ForwardedPacketsPerSecond,9:0} {m.LossPercent,7:0.###} {m.DelayP99Ms,8:0.##} {m.ServerCpuMicrosPerForwardedPacket,8} {m.GeneratorCpuMicrosPerPacket,8} {step.Verdict}");
        }

        sb.AppendLine(c, $"max N at <1% loss and p99 < 50 ms: {(r.MaxSubscribersPassing is { } n ? n.ToString(c) : "none")}");
    }

    if (r.MetricsAfter is { } metrics)
    {
        sb.AppendLine(c, $"metrics after    {(r.MetricsBackToZero == true ? "all object gauges back to 0" : "NOT back to zero")}: {string.Join(", ", metrics.Select(kv => kv.Key + "=" + kv.Value.ToString(c)))}");
    }

    foreach (var (message, count) in r.Errors.OrderByDescending(kv => kv.Value).Take(10))
    {
        sb.AppendLine(c, $"error ×{count}: {message}");
    }

    return sb.ToString();
}

static string Mib(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB" : "n/a";

static string Pct(double? percent) => percent is { } p ? p.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%" : "n/a";
