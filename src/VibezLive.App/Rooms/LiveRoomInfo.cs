namespace VibezLive.App.Rooms;

/// <summary>A snapshot of a live room for the REST API.</summary>
public sealed record LiveRoomInfo(string RoomId, int Participants, string? HostPeerId, int WorkerId);
