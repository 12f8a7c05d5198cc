namespace VibezLive.App.Storage;

/// <summary>A room created through <c>POST /api/rooms</c>: it has an owner (its host whenever present), an optional
/// password and an optional size limit. Rooms joined without being stored exist only while they have peers.</summary>
public sealed class StoredRoomRecord
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public required string OwnerId { get; set; }

    /// <summary>bcrypt hash of the join password, or null for an open room.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Peer limit, or null for the server default.</summary>
    public int? MaxPeers { get; set; }

    public DateTime CreatedAt { get; set; }
}
