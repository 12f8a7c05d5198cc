using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VibezLive.App.Rooms;
using VibezLive.App.Signaling.Handlers;
using VibezLive.SocketIO;

namespace VibezLive.App.Signaling;

/// <summary>Wires the default Socket.IO namespace to the handlers at start; at shutdown closes every room (peers are
/// told <c>peerLeft</c>, media objects closed) and disconnects the sockets.</summary>
public sealed partial class SignalingService(
    SocketIOServer server,
    HandshakeAuthenticator authenticator,
    SignalingDispatcher dispatcher,
    IEnumerable<ISignalingHandlers> handlers,
    PeerHandlers peerHandlers,
    RoomRegistry registry,
    ILogger<SignalingService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var h in handlers)
        {
            h.Register(dispatcher);
        }

        var ns = server.Of("/");
        ns.Use(authenticator.AuthenticateAsync);
        ns.OnConnection(socket =>
        {
            if (socket.Items.TryGetValue(PeerSession.ItemKey, out var item) && item is PeerSession session)
            {
                dispatcher.Attach(socket, session);
                socket.OnDisconnect(reason => peerHandlers.OnDisconnectAsync(socket, session, reason));
            }

            return ValueTask.CompletedTask;
        });
        LogStarted(logger, dispatcher.Events.Count);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var rooms = registry.Rooms;
        LogStopping(logger, rooms.Count);
        try
        {
            await Task.WhenAll(rooms.Select(room => CloseRoomAsync(room))).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogStopTimedOut(logger);
        }

        server.CloseAll();
    }

    private static async Task CloseRoomAsync(Room room)
    {
        try
        {
            await room.Executor.InvokeAsync(room.CloseAsync);
        }
        catch (ObjectDisposedException)
        {
            // already closed
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Signaling ready ({Count} events)")]
    private static partial void LogStarted(ILogger logger, int count);

    [LoggerMessage(2, LogLevel.Information, "Shutting down: closing {Count} rooms")]
    private static partial void LogStopping(ILogger logger, int count);

    [LoggerMessage(3, LogLevel.Warning, "Shutdown timed out before every room closed")]
    private static partial void LogStopTimedOut(ILogger logger);
}
