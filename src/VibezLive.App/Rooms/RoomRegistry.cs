using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using VibezLive.App.Storage;
using VibezLive.Media;

namespace VibezLive.App.Rooms;

/// <summary>The live rooms of this process. A new room gets a router on the least-loaded media worker.</summary>
public sealed partial class RoomRegistry(
    MediaWorkerPool workers,
    IRoomMediaCodecs codecs,
    IAppStore store,
    RoomCounters counters,
    ILoggerFactory loggerFactory) : ILiveRoomDirectory, IDisposable
{
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private readonly ILogger _logger = loggerFactory.CreateLogger("VibezLive.App.Rooms");
    private long _joinOrder;

    public RoomCounters Counters => counters;

    public IReadOnlyCollection<Room> Rooms => [.. _rooms.Values];

    public Room? Find(string roomId) => _rooms.TryGetValue(roomId, out var r) && !r.Closed ? r : null;

    /// <summary>The open room with this id, or a new one. The caller must check <see cref="Room.Closed"/> inside the
    /// room's context (it may close between this call and then) and retry.</summary>
    public async Task<Room> GetOrCreateAsync(string roomId, StoredRoomRecord? stored, CancellationToken cancellationToken)
    {
        if (Find(roomId) is { } existing)
        {
            return existing;
        }

        await _createLock.WaitAsync(cancellationToken);
        try
        {
            if (Find(roomId) is { } raced)
            {
                return raced;
            }

            var worker = workers.GetLeastLoadedWorker();
            var router = await worker.CreateRouterAsync(codecs.Codecs, cancellationToken);
            var room = new Room(roomId, worker, router, stored, this, counters, _logger);
            _rooms[roomId] = room;
            counters.AddRooms(1);
            LogRoomCreated(_logger, roomId, worker.Id);
            return room;
        }
        finally
        {
            _createLock.Release();
        }
    }

    internal long NextJoinOrder() => Interlocked.Increment(ref _joinOrder);

    internal void Remove(Room room)
    {
        if (_rooms.TryRemove(new KeyValuePair<string, Room>(room.Id, room)))
        {
            counters.AddRooms(-1);
        }
    }

    /// <summary>Removes the peer's active-user row, after its insertion has finished.</summary>
    internal void OnPeerRemoved(Peer peer)
    {
        var previous = peer.StoreWrite;
        peer.StoreWrite = Task.Run(async () =>
        {
            try
            {
                await previous;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // logged when it happened
            }

            try
            {
                await store.RemoveActiveUserAsync(peer.Id);
            }
#pragma warning disable CA1031 // The active-user table is informational; a database hiccup must not break signaling.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogStoreFailed(_logger, peer.Id, e);
            }
        });
    }

    internal void OnPeerAdded(Peer peer, string roomId)
    {
        var record = new ActiveUserRecord
        {
            PeerId = peer.Id,
            RoomId = roomId,
            UserId = peer.User?.UserId,
            DisplayName = peer.DisplayName,
            JoinedAt = peer.JoinedAt,
        };
        peer.StoreWrite = Task.Run(async () =>
        {
            try
            {
                await store.SetActiveUserAsync(record);
            }
#pragma warning disable CA1031 // See OnPeerRemoved.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogStoreFailed(_logger, peer.Id, e);
            }
        });
    }

    public IReadOnlyList<LiveRoomInfo> GetLiveRooms() =>
        [.. _rooms.Values.Where(r => !r.Closed).Select(Info)];

    public LiveRoomInfo? FindLiveRoom(string roomId) => Find(roomId) is { } room ? Info(room) : null;

    private static LiveRoomInfo Info(Room room) => new(room.Id, room.PeerCount, room.HostPeerId, room.Worker.Id);

    public void Dispose() => _createLock.Dispose();

    [LoggerMessage(1, LogLevel.Information, "Room {RoomId} created on media worker {WorkerId}")]
    private static partial void LogRoomCreated(ILogger logger, string roomId, int workerId);

    [LoggerMessage(2, LogLevel.Warning, "Updating the active user of peer {PeerId} failed")]
    private static partial void LogStoreFailed(ILogger logger, string peerId, Exception exception);
}
