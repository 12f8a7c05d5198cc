namespace VibezLive.App.Signaling.Messages;

public sealed record ProducerClosedEvent(string ProducerId, string ConsumerId);
