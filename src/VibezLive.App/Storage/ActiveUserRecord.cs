namespace VibezLive.App.Storage;

/// <summary>Who is in which room now: one row per joined peer, removed when it leaves. Rows of a previous run are
/// stale (their sockets are gone) and are cleared at start.</summary>
public sealed class ActiveUserRecord
{
    /// <summary>The peer id (Socket.IO socket id).</summary>
    public required string PeerId { get; set; }

    public required string RoomId { get; set; }

    /// <summary>The registered user, or null for a guest.</summary>
    public string? UserId { get; set; }

    public required string DisplayName { get; set; }

    public DateTime JoinedAt { get; set; }
}
