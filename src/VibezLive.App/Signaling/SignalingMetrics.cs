using System.Diagnostics;
using System.Diagnostics.Metrics;
using VibezLive.App.Rooms;
using VibezLive.Media;

namespace VibezLive.App.Signaling;

/// <summary>Meter <c>VibezLive</c>: live rooms, peers, transports, producers, consumers (the counts PROTOCOL.md's
/// cleanup rules are checked against), peers per room, load per media worker, and handled events by name and result.
/// Instrument names are short because the Prometheus bridge prefixes them with the meter name: <c>vibezlive_rooms</c>.</summary>
public sealed class SignalingMetrics : IDisposable
{
    public const string MeterName = "VibezLive";

    /// <summary>Name prefix of the media worker threads (<c>media-worker-N</c>, set by the engine).</summary>
    private const string WorkerThreadPrefix = "media-worker-";

    private readonly Meter _meter;
    private readonly Counter<long> _events;
    private readonly Histogram<double> _duration;

    public SignalingMetrics(IMeterFactory meterFactory, RoomCounters counters, Func<IReadOnlyCollection<Room>> rooms, Func<IReadOnlyList<MediaWorker>> workers)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(counters);
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableUpDownCounter("rooms", () => counters.Rooms, "{room}", "Live rooms");
        _meter.CreateObservableUpDownCounter("peers", () => counters.Peers, "{peer}", "Peers in rooms");
        _meter.CreateObservableUpDownCounter("transports", () => counters.Transports, "{transport}", "WebRTC transports of peers");
        _meter.CreateObservableUpDownCounter("producers", () => counters.Producers, "{producer}", "Producers of peers");
        _meter.CreateObservableUpDownCounter("consumers", () => counters.Consumers, "{consumer}", "Consumers of peers");
        _meter.CreateObservableGauge("room.peers", () => rooms().Select(r =>
            new Measurement<int>(r.PeerCount, new KeyValuePair<string, object?>("room", r.Id))), "{peer}", "Peers per room");
        _meter.CreateObservableGauge("worker.routers", () => PerWorker(workers(), w => w.RouterCount), "{router}", "Routers per media worker");
        _meter.CreateObservableGauge("worker.transports", () => PerWorker(workers(), w => w.TransportCount), "{transport}", "WebRTC transports per media worker");
        _meter.CreateObservableGauge("worker.consumers", () => PerWorker(workers(), w => w.ConsumerCount), "{consumer}", "Consumers per media worker");
        _meter.CreateObservableCounter("worker.cpu.time", ObserveWorkerCpu, "s", "CPU time of each media worker thread");
        _events = _meter.CreateCounter<long>("signaling.events", "{event}", "Client events handled, by event and result");
        _duration = _meter.CreateHistogram<double>("signaling.duration", "s", "Time to handle a client event");
    }

    public void RecordEvent(string eventName, string result, TimeSpan elapsed)
    {
        var tags = new TagList { { "event", eventName }, { "result", result } };
        _events.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("event", eventName));
    }

    private static IEnumerable<Measurement<double>> ObserveWorkerCpu() =>
        Diagnostics.ThreadCpuTime.Read(WorkerThreadPrefix).Select(t =>
            new Measurement<double>(t.Seconds, new KeyValuePair<string, object?>("worker", t.Name[WorkerThreadPrefix.Length..])));

    private static IEnumerable<Measurement<int>> PerWorker(IReadOnlyList<MediaWorker> workers, Func<MediaWorker, int> read) =>
        workers.Select(w => new Measurement<int>(read(w), new KeyValuePair<string, object?>("worker", w.Id)));

    public void Dispose() => _meter.Dispose();
}
