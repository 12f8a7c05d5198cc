namespace VibezLive.App.Rooms;

/// <summary>Interim directory until the room registry is wired.</summary>
internal sealed class NoLiveRooms : ILiveRoomDirectory
{
    public IReadOnlyList<LiveRoomInfo> GetLiveRooms() => [];

    public LiveRoomInfo? FindLiveRoom(string roomId) => null;
}
