namespace VibezLive.App.Signaling;

/// <summary>The stable machine codes of PROTOCOL.md ("Replies and errors"), also used by the REST API.</summary>
public static class ErrorCodes
{
    public const string BadRequest = "BAD_REQUEST";
    public const string NotInRoom = "NOT_IN_ROOM";
    public const string RoomNotFound = "ROOM_NOT_FOUND";
    public const string RoomFull = "ROOM_FULL";
    public const string Forbidden = "FORBIDDEN";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string NotFound = "NOT_FOUND";
    public const string Unsupported = "UNSUPPORTED";
    public const string RateLimited = "RATE_LIMITED";
    public const string Internal = "INTERNAL";
    public const string Conflict = "CONFLICT";
}
