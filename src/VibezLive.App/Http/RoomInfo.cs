namespace VibezLive.App.Http;

/// <summary>A room as the REST API shows it: live (has peers), stored (created through the API), or both.</summary>
public sealed record RoomInfo(
    string Id,
    string Name,
    int Participants,
    bool Live,
    bool Stored,
    string? OwnerId,
    bool HasPassword,
    int? MaxPeers,
    DateTime? CreatedAt);
