namespace VibezLive.App.Http;

/// <summary>Body of <c>POST /api/rooms</c>: every field optional (a random id is chosen when <c>id</c> is absent).</summary>
public sealed record CreateRoomRequest(string? Id, string? Name, string? Password, int? MaxPeers);
