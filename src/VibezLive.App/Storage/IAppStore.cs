namespace VibezLive.App.Storage;

/// <summary>The one storage interface of the application (SQLite or PostgreSQL behind it).</summary>
public interface IAppStore
{
    /// <summary>Creates the schema if missing and clears stale active-user rows. Called once at start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default);

    Task<UserRecord?> FindUserByIdAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Case-insensitive look-up by username or, when it contains '@', by e-mail.</summary>
    Task<UserRecord?> FindUserByLoginAsync(string usernameOrEmail, CancellationToken cancellationToken = default);

    /// <summary>Adds a user; false when the username (case-insensitive) is taken.</summary>
    Task<bool> TryAddUserAsync(UserRecord user, CancellationToken cancellationToken = default);

    Task<StoredRoomRecord?> FindRoomAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredRoomRecord>> ListRoomsAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a stored room; false when the id is taken.</summary>
    Task<bool> TryAddRoomAsync(StoredRoomRecord room, CancellationToken cancellationToken = default);

    /// <summary>Deletes a stored room; false when it does not exist.</summary>
    Task<bool> DeleteRoomAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Records that a peer is in a room (replaces an existing row of the same peer).</summary>
    Task SetActiveUserAsync(ActiveUserRecord activeUser, CancellationToken cancellationToken = default);

    Task RemoveActiveUserAsync(string peerId, CancellationToken cancellationToken = default);

    /// <summary>The active users of one room, or of every room when <paramref name="roomId"/> is null, oldest first.</summary>
    Task<IReadOnlyList<ActiveUserRecord>> ListActiveUsersAsync(string? roomId = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes every active-user row; returns how many there were.</summary>
    Task<int> ClearActiveUsersAsync(CancellationToken cancellationToken = default);
}
