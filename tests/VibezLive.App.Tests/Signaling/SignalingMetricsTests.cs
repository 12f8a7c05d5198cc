using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using VibezLive.App.Rooms;
using VibezLive.App.Signaling;

namespace VibezLive.App.Tests.Signaling;

public sealed class SignalingMetricsTests
{
    [Fact]
    public void Live_counts_and_handled_events_are_published()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var counters = new RoomCounters();
        using var metrics = new SignalingMetrics(factory, counters, () => [], () => []);
        using var peers = new MetricCollector<long>(factory, SignalingMetrics.MeterName, "peers");
        using var consumers = new MetricCollector<long>(factory, SignalingMetrics.MeterName, "consumers");
        using var events = new MetricCollector<long>(factory, SignalingMetrics.MeterName, "signaling.events");

        counters.AddPeers(3);
        counters.AddConsumers(2);
        counters.AddConsumers(-2);
        peers.RecordObservableInstruments();
        consumers.RecordObservableInstruments();
        Assert.Equal(3, peers.LastMeasurement?.Value);
        Assert.Equal(0, consumers.LastMeasurement?.Value);

        metrics.RecordEvent("joinRoom", "ok", TimeSpan.FromMilliseconds(3));
        metrics.RecordEvent("joinRoom", ErrorCodes.RoomFull, TimeSpan.FromMilliseconds(1));
        var recorded = events.GetMeasurementSnapshot();
        Assert.Equal(2, recorded.Count);
        Assert.Equal(ErrorCodes.RoomFull, recorded[1].Tags["result"]);
        Assert.Equal("joinRoom", recorded[1].Tags["event"]);
    }
}
