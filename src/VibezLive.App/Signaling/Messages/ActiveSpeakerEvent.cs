namespace VibezLive.App.Signaling.Messages;

public sealed record ActiveSpeakerEvent(string PeerId, string ProducerId, double Volume);
