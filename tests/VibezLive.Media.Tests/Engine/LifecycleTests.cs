using System.Collections.Concurrent;
using VibezLive.Media.Parameters;

namespace VibezLive.Media.Tests.Engine;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Closing_the_sending_transport_cascades_to_producer_and_consumers_with_events_and_counts()
    {
        await using var engine = await EngineHarness.StartAsync();
        var send = await engine.ConnectedSendTransportAsync();
        var recv = await engine.ConnectedTransportAsync();
        var producer = await send.ProduceAsync(MediaKind.Video, EngineHarness.Vp8Producer());
        var consumer = await recv.ConsumeAsync(producer.Id, engine.Router.RtpCapabilities);
        var events = new ConcurrentQueue<string>();
        producer.Closed += () => events.Enqueue("producer.closed");
        consumer.ProducerClosed += () => events.Enqueue("consumer.producerclose");
        consumer.TransportClosed += () => events.Enqueue("consumer.transportclose");
        consumer.Closed += () => events.Enqueue("consumer.closed");
        send.Closed += () => events.Enqueue("send.closed");
        Assert.Equal((2, 1, 1), (engine.Worker.TransportCount, engine.Worker.ProducerCount, engine.Worker.ConsumerCount));

        await send.CloseAsync();
        await send.CloseAsync(); // idempotent

        Assert.Equal(["consumer.producerclose", "consumer.closed", "producer.closed", "send.closed"], events.ToArray());
        Assert.True(producer.IsClosed && consumer.IsClosed && send.IsClosed);
        Assert.False(recv.IsClosed);
        Assert.Null(engine.Router.GetProducer(producer.Id));
        Assert.Equal((1, 0, 0), (engine.Worker.TransportCount, engine.Worker.ProducerCount, engine.Worker.ConsumerCount));
    }

    [Fact]
    public async Task Closing_the_router_closes_everything_below_it()
    {
        await using var engine = await EngineHarness.StartAsync();
        var send = await engine.ConnectedSendTransportAsync();
        var recv = await engine.ConnectedTransportAsync();
        var producer = await send.ProduceAsync(MediaKind.Video, EngineHarness.Vp8Producer());
        var consumer = await recv.ConsumeAsync(producer.Id, engine.Router.RtpCapabilities);
        var transportClosed = 0;
        recv.Closed += () => transportClosed++;

        await engine.Router.CloseAsync();
        await engine.Router.CloseAsync();

        Assert.True(engine.Router.Closed && send.IsClosed && recv.IsClosed && producer.IsClosed && consumer.IsClosed);
        Assert.Equal(1, transportClosed);
        var w = engine.Worker;
        Assert.Equal((0, 0, 0, 0), (w.RouterCount, w.TransportCount, w.ProducerCount, w.ConsumerCount));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions()));
    }

    [Fact]
    public async Task Consumers_start_paused_and_follow_the_producer_pause_state()
    {
        await using var engine = await EngineHarness.StartAsync();
        var send = await engine.ConnectedSendTransportAsync();
        var recv = await engine.ConnectedTransportAsync();
        var producer = await send.ProduceAsync(MediaKind.Video, EngineHarness.Vp8Producer());
        var consumer = await recv.ConsumeAsync(producer.Id, engine.Router.RtpCapabilities);
        var events = new ConcurrentQueue<string>();
        consumer.ProducerPause += () => events.Enqueue("pause");
        consumer.ProducerResume += () => events.Enqueue("resume");

        Assert.True(consumer.Paused);
        Assert.Equal("simple", consumer.Type);
        Assert.Equal("0", consumer.RtpParameters.Mid);
        await producer.PauseAsync();
        Assert.True(consumer.ProducerPaused);
        await producer.ResumeAsync();
        Assert.False(consumer.ProducerPaused);
        Assert.Equal(["pause", "resume"], events.ToArray());
    }

    [Fact]
    public async Task Unknown_producers_cannot_be_consumed()
    {
        await using var engine = await EngineHarness.StartAsync();
        var recv = await engine.ConnectedTransportAsync();
        Assert.False(engine.Router.CanConsume("nope", engine.Router.RtpCapabilities));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => recv.ConsumeAsync("nope", engine.Router.RtpCapabilities));
    }

    [Fact]
    public async Task Closing_the_pool_closes_every_worker_object()
    {
        var engine = await EngineHarness.StartAsync();
        var send = await engine.ConnectedSendTransportAsync();
        var producer = await send.ProduceAsync(MediaKind.Video, EngineHarness.Vp8Producer());
        await engine.DisposeAsync();
        Assert.True(engine.Router.Closed && send.IsClosed && producer.IsClosed);
        Assert.Equal(0, engine.Worker.RouterCount);
    }
}
