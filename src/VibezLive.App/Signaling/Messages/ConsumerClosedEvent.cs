namespace VibezLive.App.Signaling.Messages;

public sealed record ConsumerClosedEvent(string ConsumerId, string Reason);
