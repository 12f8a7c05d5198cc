using Microsoft.Extensions.Options;
using VibezLive.App.Auth;
using VibezLive.App.Options;
using VibezLive.App.Rooms;
using VibezLive.App.Signaling.Messages;
using VibezLive.App.Storage;

namespace VibezLive.App.Signaling.Handlers;

/// <summary><c>joinRoom</c>, <c>leaveRoom</c>.</summary>
public sealed class RoomHandlers(RoomRegistry registry, IAppStore store, IOptions<SignalingOptions> options, TimeProvider time) : ISignalingHandlers
{
    private const int MaxJoinAttempts = 3;
    private readonly SignalingOptions _options = options.Value;

    public void Register(SignalingDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        dispatcher.Map("joinRoom", JoinAsync);
        dispatcher.Map("leaveRoom", LeaveAsync);
    }

    private async Task<object> JoinAsync(SignalingContext context)
    {
        var roomId = context.Payload.RequireString("roomId", RoomIds.MaxLength);
        if (!RoomIds.IsValid(roomId))
        {
            throw SignalingException.BadRequest("'roomId' may contain only letters, digits, '.', '_' and '-'.");
        }

        var displayName = context.Payload.OptionalString("displayName", _options.MaxDisplayNameLength)?.Trim();
        var password = context.Payload.OptionalString("password", 1024);
        if (context.Session.Room is { } current)
        {
            throw SignalingException.BadRequest($"Already in room '{current.Id}': leaveRoom first.");
        }

        var stored = await store.FindRoomAsync(roomId, context.CancellationToken);
        var user = context.Session.User;
        if (stored?.PasswordHash is { } hash && user?.UserId != stored.OwnerId &&
            (password is null || !PasswordHasher.Verify(password, hash)))
        {
            throw SignalingException.Forbidden("Wrong room password.");
        }

        var name = !string.IsNullOrEmpty(displayName) ? displayName : user?.DisplayName ?? context.Session.GuestName ?? "Guest";
        for (var attempt = 0; attempt < MaxJoinAttempts; attempt++)
        {
            var room = await registry.GetOrCreateAsync(roomId, stored, context.CancellationToken);
            bool joined;
            try
            {
                joined = await room.Executor.InvokeAsync(() => JoinInRoomAsync(context, room, stored, name));
            }
            catch (ObjectDisposedException)
            {
                joined = false; // closed between lookup and entry: try a new room
            }

            if (joined)
            {
                return EmptyReply.Instance; // already acked inside the room
            }
        }

        throw new SignalingException(ErrorCodes.Internal, "The room is closing; try again.");
    }

    /// <summary>In the room's context: admit the peer, ack, then send it the router capabilities and the current
    /// producers, and tell the others. Acking here keeps the order PROTOCOL.md promises.</summary>
    private async Task<bool> JoinInRoomAsync(SignalingContext context, Room room, StoredRoomRecord? stored, string name)
    {
        if (room.Closed)
        {
            return false;
        }

        try
        {
            if (context.Session.Room is { } current)
            {
                throw SignalingException.BadRequest($"Already in room '{current.Id}': leaveRoom first.");
            }

            room.Stored = stored ?? room.Stored;
            var limit = room.Stored?.MaxPeers ?? _options.MaxPeersPerRoom;
            if (room.PeerCount >= limit)
            {
                throw new SignalingException(ErrorCodes.RoomFull, $"Room '{room.Id}' is full ({limit} peers).");
            }

            var others = room.Peers.Select(p => new PeerInfo(p.Id, p.DisplayName)).ToArray();
            var peer = new Peer(context.Socket, context.Session, name, registry.NextJoinOrder(), time.GetUtcNow().UtcDateTime);
            var producers = room.ProducersExcept(peer);
            room.AddPeer(peer);
            registry.OnPeerAdded(peer, room.Id);
            var hostChanged = room.UpdateHost() && others.Length > 0;

            var capabilities = room.Router.RtpCapabilities;
            await context.AckAsync(new JoinRoomReply(peer.Id, room.Id, capabilities, others, producers, room.HostPeerId, room.HostPeerId == peer.Id));
            await room.EmitAsync(peer, "routerCapabilities", new RouterCapabilitiesEvent(capabilities));
            await room.EmitAsync(peer, "currentProducers", new ProducerListReply(producers));
            await room.EmitToAllAsync("newPeer", new NewPeerEvent(peer.Id, name), except: peer);
            if (hostChanged)
            {
                // A stored room's owner arrived: the role moves to it. The owner learns it from its ack as well.
                await room.EmitToAllAsync("hostChanged", new HostChangedEvent(room.HostPeerId));
            }

            return true;
        }
        finally
        {
            if (room.PeerCount == 0 && !room.Closed)
            {
                await room.CloseAsync(); // a room created for a join that failed
            }
        }
    }

    private static Task<object> LeaveAsync(SignalingContext context) =>
        RoomAccess.InRoomAsync<object>(context, async (room, peer) =>
        {
            await room.RemovePeerAsync(peer, "leave");
            return EmptyReply.Instance;
        });
}
