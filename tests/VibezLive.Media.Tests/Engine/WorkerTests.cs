using System.Diagnostics.Metrics;
using VibezLive.Media.Negotiation;
using VibezLive.Media.Parameters;
using VibezLive.Media.Stats;

namespace VibezLive.Media.Tests.Engine;

public sealed class WorkerTests
{
    [Fact]
    public async Task Requests_run_on_the_worker_thread_and_their_exceptions_reach_the_caller()
    {
        await using var engine = await EngineHarness.StartAsync();
        var worker = engine.Worker;

        var onWorker = await worker.InvokeAsync(() => worker.IsCurrentThread);
        var inline = await worker.InvokeAsync(() => worker.InvokeAsync(() => worker.IsCurrentThread).IsCompleted);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => worker.InvokeAsync<int>(() => throw new InvalidOperationException("boom")));

        Assert.True(onWorker);
        Assert.True(inline); // a request made on the worker thread (e.g. from an event handler) runs at once
        Assert.Equal("boom", error.Message);
        Assert.True(await worker.InvokeAsync(() => true)); // the loop survived
    }

    [Fact]
    public async Task Least_loaded_worker_is_the_one_with_fewest_transports()
    {
        var pool = new MediaWorkerPool(Microsoft.Extensions.Options.Options.Create(new MediaOptions { ListenIp = "127.0.0.1", RtcMinPort = 0, RtcMaxPort = 0, NumWorkers = 2 }));
        await using var owned = pool;
        await pool.StartAsync(CancellationToken.None);
        var router = await pool.Workers[0].CreateRouterAsync(MediaCodecDefaults.Default);
        await router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());

        Assert.Same(pool.Workers[1], pool.GetLeastLoadedWorker());
        Assert.NotEqual(pool.Workers[0].LocalEndPoint!.Port, pool.Workers[1].LocalEndPoint!.Port);
    }

    [Fact]
    public void Listening_on_any_address_requires_an_announced_ip()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            new MediaWorkerPool(Microsoft.Extensions.Options.Options.Create(new MediaOptions { ListenIp = "0.0.0.0" })));
        Assert.Contains("AnnouncedIp", error.Message);
    }

    [Fact]
    public async Task Metrics_report_live_objects_and_forwarded_packets()
    {
        await using var engine = await EngineHarness.StartAsync();
        var send = await engine.ConnectedSendTransportAsync();
        var recv = await engine.ConnectedTransportAsync();
        var producer = await send.ProduceAsync(MediaKind.Video, EngineHarness.Vp8Producer());
        var consumer = await recv.ConsumeAsync(producer.Id, engine.Router.RtpCapabilities);
        await consumer.ResumeAsync();
        using var browserOut = new Protocols.Srtp.SrtpSession(EngineHarness.Keys.Profile, EngineHarness.Keys.RemoteMasterKey, EngineHarness.Keys.RemoteMasterSalt);
        var datagram = engine.NewDatagram();
        await engine.Worker.InvokeAsync(() =>
        {
            for (ushort s = 1; s <= 10; s++)
            {
                engine.Deliver(browserOut, EngineHarness.Vp8Packet(s, s * 3000u, keyFrame: s == 1), datagram);
            }
        });

        var values = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "VibezLive.Media")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => values[i.Name] = Math.Max(values.GetValueOrDefault(i.Name), v));
        listener.SetMeasurementEventCallback<int>((i, v, _, _) => values[i.Name] = Math.Max(values.GetValueOrDefault(i.Name), v));
        listener.Start();
        listener.RecordObservableInstruments();

        // Other tests run engines in parallel under the same meter name: assert lower bounds.
        Assert.True(values["rtp.packets_received"] >= 10);
        Assert.True(values["rtp.packets_sent"] >= 10);
        Assert.True(values["consumers"] >= 1);
        var stats = (RtpStreamStats)(await consumer.GetStatsAsync())[0];
        Assert.Equal("outbound-rtp", stats.Type);
        Assert.Equal(10, stats.PacketCount);
        var transportStats = (WebRtcTransportStats)(await recv.GetStatsAsync())[0];
        Assert.Equal("webrtc-transport", transportStats.Type);
        Assert.True(transportStats.RtpBytesSent > 10_000);
    }
}
