namespace VibezLive.App.Signaling.Messages;

public sealed record KickedEvent(string RoomId, string By);
