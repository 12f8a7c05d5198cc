using VibezLive.App.Rooms;
using VibezLive.Media;

namespace VibezLive.App.Signaling.Handlers;

/// <summary>Runs handler work in the caller's room context and finds the caller's objects with the right codes:
/// NOT_IN_ROOM before a join, FORBIDDEN for another peer's object, NOT_FOUND for an unknown id.</summary>
internal static class RoomAccess
{
    public static async Task<T> InRoomAsync<T>(SignalingContext context, Func<Room, Peer, Task<T>> work)
    {
        var room = context.Session.Room ?? throw SignalingException.NotInRoom();
        try
        {
            return await room.Executor.InvokeAsync(async () =>
            {
                var peer = room.FindPeer(context.Socket.Id);
                if (room.Closed || peer is null || !ReferenceEquals(peer.Session, context.Session))
                {
                    throw SignalingException.NotInRoom();
                }

                return await work(room, peer);
            });
        }
        catch (ObjectDisposedException)
        {
            throw SignalingException.NotInRoom(); // the room closed in the meantime
        }
    }

    public static WebRtcTransport FindTransport(Room room, Peer peer, string? transportId, bool? sender)
    {
        if (transportId is not null)
        {
            if (peer.SendTransport?.Id == transportId)
            {
                return peer.SendTransport;
            }

            if (peer.RecvTransport?.Id == transportId)
            {
                return peer.RecvTransport;
            }

            throw room.IsOwnedByOther(peer, transportId)
                ? SignalingException.Forbidden($"Transport '{transportId}' belongs to another peer.")
                : SignalingException.NotFound($"Transport '{transportId}' does not exist.");
        }

        if (sender is null)
        {
            throw SignalingException.BadRequest("'transportId' or 'sender' is required.");
        }

        return (sender.Value ? peer.SendTransport : peer.RecvTransport)
            ?? throw SignalingException.NotFound($"No {(sender.Value ? "send" : "receive")} transport: call createWebRtcTransport first.");
    }

    public static ProducerEntry FindOwnProducer(Room room, Peer peer, string producerId) =>
        peer.Producers.GetValueOrDefault(producerId) ?? throw (room.IsOwnedByOther(peer, producerId)
            ? SignalingException.Forbidden($"Producer '{producerId}' belongs to another peer.")
            : SignalingException.NotFound($"Producer '{producerId}' does not exist."));

    public static ConsumerEntry FindOwnConsumer(Room room, Peer peer, string consumerId) =>
        peer.Consumers.GetValueOrDefault(consumerId) ?? throw (room.IsOwnedByOther(peer, consumerId)
            ? SignalingException.Forbidden($"Consumer '{consumerId}' belongs to another peer.")
            : SignalingException.NotFound($"Consumer '{consumerId}' does not exist."));
}
