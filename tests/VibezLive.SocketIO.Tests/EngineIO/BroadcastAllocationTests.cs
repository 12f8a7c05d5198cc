using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using VibezLive.SocketIO.EngineIO;

namespace VibezLive.SocketIO.Tests.EngineIO;

public class BroadcastAllocationTests
{
    [Fact]
    public void Queueing_a_shared_frame_to_a_session_allocates_nothing()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = new SocketIOOptions { MaxPendingPackets = 4096 };
        var server = new EngineServer(options, NullLogger.Instance, TimeProvider.System, new SocketIOMetrics(services.GetRequiredService<IMeterFactory>()));
        var session = new EngineSession(server, EngineServer.NewId(), EngineTransport.Polling, new DefaultHttpContext());
        var frame = new EngineFrame("42[\"broadcast\",{\"n\":1}]"u8.ToArray());

        // Warm-up: grows the queue's storage once (3,000 of 4,096 slots).
        for (int i = 0; i < 3000; i++) Assert.True(session.TrySend(frame));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) session.TrySend(frame);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // What a broadcast does per recipient: no encoding, no copy, no allocation.
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_full_queue_closes_the_session_instead_of_growing()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var server = new EngineServer(new SocketIOOptions { MaxPendingPackets = 16 }, NullLogger.Instance, TimeProvider.System, new SocketIOMetrics(services.GetRequiredService<IMeterFactory>()));
        var session = new EngineSession(server, EngineServer.NewId(), EngineTransport.Polling, new DefaultHttpContext());
        var frame = new EngineFrame("42[\"x\"]"u8.ToArray());
        for (int i = 0; i < 16; i++) Assert.True(session.TrySend(frame));
        Assert.False(session.TrySend(frame));
        Assert.False(session.IsOpen);
        Assert.False(session.TrySend(frame));
    }
}
