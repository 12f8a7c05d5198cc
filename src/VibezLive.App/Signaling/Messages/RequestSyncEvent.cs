namespace VibezLive.App.Signaling.Messages;

public sealed record RequestSyncEvent(string RequesterId);
