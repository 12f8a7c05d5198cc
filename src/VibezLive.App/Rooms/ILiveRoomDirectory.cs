namespace VibezLive.App.Rooms;

/// <summary>Read-only view of the rooms that currently have peers.</summary>
public interface ILiveRoomDirectory
{
    IReadOnlyList<LiveRoomInfo> GetLiveRooms();

    LiveRoomInfo? FindLiveRoom(string roomId);
}
