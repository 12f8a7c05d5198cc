using Microsoft.Extensions.Hosting;
using VibezLive.SocketIO;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// On application stop, closes every client (queued packets, then the Engine.IO close packet) so that held polls
/// and WebSockets do not keep the host's shutdown waiting; what is still open a second later is dropped.
/// </summary>
internal sealed class SocketIOShutdownService(SocketIOServer server, IHostApplicationLifetime lifetime) : IHostedService
{
    private static readonly TimeSpan FlushTime = TimeSpan.FromSeconds(1);
    private CancellationTokenRegistration _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = lifetime.ApplicationStopping.Register(static s => ((SocketIOServer)s!).CloseAll(), server);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _registration.DisposeAsync();
        server.CloseAll();
        var deadline = server.TimeProvider.GetTimestamp();
        while (server.ClientCount > 0 && server.TimeProvider.GetElapsedTime(deadline) < FlushTime && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), server.TimeProvider, CancellationToken.None);
        }
        server.AbortAll();
    }
}
