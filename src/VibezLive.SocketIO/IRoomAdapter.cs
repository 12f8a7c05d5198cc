namespace VibezLive.SocketIO;

/// <summary>
/// Room membership of one namespace. The in-memory implementation serves one node; a Redis implementation can
/// later relay broadcasts between nodes. Implementations are thread-safe. Every socket is a member of the room
/// named by its own id.
/// </summary>
public interface IRoomAdapter
{
    /// <summary>Adds a socket to a room.</summary>
    void Join(string socketId, string room);

    /// <summary>Removes a socket from a room.</summary>
    void Leave(string socketId, string room);

    /// <summary>Removes a socket from every room (on disconnect).</summary>
    void LeaveAll(string socketId);

    /// <summary>Rooms of a socket (a snapshot).</summary>
    IReadOnlyCollection<string> GetRooms(string socketId);

    /// <summary>Number of sockets in a room.</summary>
    int GetRoomSize(string room);

    /// <summary>
    /// Adds to <paramref name="result"/> the ids of the local sockets that are in any of <paramref name="rooms"/>
    /// (every socket when empty) and in none of <paramref name="exceptRooms"/>, each once.
    /// </summary>
    void CollectSocketIds(IReadOnlyCollection<string> rooms, IReadOnlyCollection<string> exceptRooms, ICollection<string> result);
}
