using Microsoft.Extensions.Logging;
using VibezLive.App.Rooms;
using VibezLive.App.Signaling.Messages;
using VibezLive.SocketIO;

namespace VibezLive.App.Signaling.Handlers;

/// <summary><c>kickPeer</c>, <c>requestSync</c>, <c>getStats</c>, and the disconnect cleanup.</summary>
public sealed partial class PeerHandlers(ILogger<PeerHandlers> logger) : ISignalingHandlers
{
    public void Register(SignalingDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        dispatcher.Map("kickPeer", KickAsync);
        dispatcher.Map("requestSync", RequestSyncAsync);
        dispatcher.Map("getStats", GetStatsAsync);
    }

    /// <summary>A disconnect is a leave: the same cleanup.</summary>
    public async ValueTask OnDisconnectAsync(SioSocket socket, PeerSession session, string reason)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(session);
        if (session.Room is { } room)
        {
            try
            {
                await room.Executor.InvokeAsync(async () =>
                {
                    if (room.FindPeer(socket.Id) is { } peer && ReferenceEquals(peer.Session, session))
                    {
                        await room.RemovePeerAsync(peer, $"disconnect: {reason}");
                    }
                });
            }
            catch (ObjectDisposedException)
            {
                // the room closed already
            }
        }

        LogDisconnected(logger, socket.Id, reason);
        session.Dispose();
    }

    private static Task<object> KickAsync(SignalingContext context)
    {
        var targetId = context.Payload.RequireId("peerId");
        var roomId = context.Payload.RequireString("roomId", RoomIds.MaxLength);
        return RoomAccess.InRoomAsync<object>(context, async (room, peer) =>
        {
            if (!string.Equals(roomId, room.Id, StringComparison.Ordinal))
            {
                throw SignalingException.Forbidden($"You are not in room '{roomId}'.");
            }

            if (!string.Equals(room.HostPeerId, peer.Id, StringComparison.Ordinal))
            {
                throw SignalingException.Forbidden("Only the room's host may kick.");
            }

            var target = room.FindPeer(targetId) ?? throw SignalingException.NotFound($"Peer '{targetId}' is not in this room.");
            if (ReferenceEquals(target, peer))
            {
                throw SignalingException.BadRequest("The host cannot kick itself: use leaveRoom.");
            }

            await room.EmitAsync(target, "kicked", new KickedEvent(room.Id, peer.Id));
            await room.RemovePeerAsync(target, $"kicked by {peer.Id}");
            return EmptyReply.Instance;
        });
    }

    private static Task<object> RequestSyncAsync(SignalingContext context)
    {
        var targetId = context.Payload.RequireId("peerId");
        return RoomAccess.InRoomAsync<object>(context, async (room, peer) =>
        {
            var target = room.FindPeer(targetId) ?? throw SignalingException.NotFound($"Peer '{targetId}' is not in this room.");
            await room.EmitAsync(target, "requestSync", new RequestSyncEvent(peer.Id));
            return new ProducerListReply(Room.ProducersOf(target));
        });
    }

    private static Task<object> GetStatsAsync(SignalingContext context)
    {
        var transportId = context.Payload.OptionalString("transportId", Payload.MaxIdLength);
        var producerId = context.Payload.OptionalString("producerId", Payload.MaxIdLength);
        var consumerId = context.Payload.OptionalString("consumerId", Payload.MaxIdLength);
        if ((transportId is null ? 0 : 1) + (producerId is null ? 0 : 1) + (consumerId is null ? 0 : 1) != 1)
        {
            throw SignalingException.BadRequest("Exactly one of 'transportId', 'producerId' or 'consumerId' is required.");
        }

        return RoomAccess.InRoomAsync<object>(context, async (room, peer) =>
        {
            var stats = transportId is not null ? await RoomAccess.FindTransport(room, peer, transportId, null).GetStatsAsync()
                : producerId is not null ? await RoomAccess.FindOwnProducer(room, peer, producerId).Producer.GetStatsAsync()
                : await RoomAccess.FindOwnConsumer(room, peer, consumerId!).Consumer.GetStatsAsync();
            return new StatsReply([.. stats.Select(SignalingJson.ToElement)]);
        });
    }

    [LoggerMessage(1, LogLevel.Debug, "Socket {SocketId} disconnected ({Reason})")]
    private static partial void LogDisconnected(ILogger logger, string socketId, string reason);
}
