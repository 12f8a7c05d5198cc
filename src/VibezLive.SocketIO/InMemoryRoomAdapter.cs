namespace VibezLive.SocketIO;

/// <summary>Room membership kept in this process. Membership changes are rare next to broadcasts, so one lock suffices.</summary>
public sealed class InMemoryRoomAdapter : IRoomAdapter
{
    private readonly Dictionary<string, HashSet<string>> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _socketRooms = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <inheritdoc/>
    public void Join(string socketId, string room)
    {
        ArgumentNullException.ThrowIfNull(socketId);
        ArgumentNullException.ThrowIfNull(room);
        lock (_lock)
        {
            if (!_rooms.TryGetValue(room, out var members)) _rooms[room] = members = new HashSet<string>(StringComparer.Ordinal);
            members.Add(socketId);
            if (!_socketRooms.TryGetValue(socketId, out var rooms)) _socketRooms[socketId] = rooms = new HashSet<string>(StringComparer.Ordinal);
            rooms.Add(room);
        }
    }

    /// <inheritdoc/>
    public void Leave(string socketId, string room)
    {
        ArgumentNullException.ThrowIfNull(socketId);
        ArgumentNullException.ThrowIfNull(room);
        lock (_lock)
        {
            RemoveMember(room, socketId);
            if (_socketRooms.TryGetValue(socketId, out var rooms))
            {
                rooms.Remove(room);
                if (rooms.Count == 0) _socketRooms.Remove(socketId);
            }
        }
    }

    /// <inheritdoc/>
    public void LeaveAll(string socketId)
    {
        ArgumentNullException.ThrowIfNull(socketId);
        lock (_lock)
        {
            if (!_socketRooms.Remove(socketId, out var rooms)) return;
            foreach (var room in rooms) RemoveMember(room, socketId);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyCollection<string> GetRooms(string socketId)
    {
        lock (_lock)
        {
            return _socketRooms.TryGetValue(socketId, out var rooms) ? rooms.ToArray() : [];
        }
    }

    /// <inheritdoc/>
    public int GetRoomSize(string room)
    {
        lock (_lock)
        {
            return _rooms.TryGetValue(room, out var members) ? members.Count : 0;
        }
    }

    /// <inheritdoc/>
    public void CollectSocketIds(IReadOnlyCollection<string> rooms, IReadOnlyCollection<string> exceptRooms, ICollection<string> result)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        ArgumentNullException.ThrowIfNull(exceptRooms);
        ArgumentNullException.ThrowIfNull(result);
        lock (_lock)
        {
            HashSet<string>? excluded = null;
            if (exceptRooms.Count > 0)
            {
                excluded = new HashSet<string>(StringComparer.Ordinal);
                foreach (var room in exceptRooms)
                {
                    if (_rooms.TryGetValue(room, out var members)) excluded.UnionWith(members);
                }
            }

            if (rooms.Count == 0)
            {
                foreach (var socketId in _socketRooms.Keys)
                {
                    if (excluded is null || !excluded.Contains(socketId)) result.Add(socketId);
                }
                return;
            }

            // A socket in several of the target rooms receives the packet once.
            HashSet<string>? seen = rooms.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
            foreach (var room in rooms)
            {
                if (!_rooms.TryGetValue(room, out var members)) continue;
                foreach (var socketId in members)
                {
                    if (excluded is not null && excluded.Contains(socketId)) continue;
                    if (seen is not null && !seen.Add(socketId)) continue;
                    result.Add(socketId);
                }
            }
        }
    }

    private void RemoveMember(string room, string socketId)
    {
        if (_rooms.TryGetValue(room, out var members))
        {
            members.Remove(socketId);
            if (members.Count == 0) _rooms.Remove(room);
        }
    }
}
