namespace VibezLive.App.Http;

public sealed record RoomListResponse(IReadOnlyList<RoomInfo> Rooms);
