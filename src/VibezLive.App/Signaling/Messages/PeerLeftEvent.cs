namespace VibezLive.App.Signaling.Messages;

public sealed record PeerLeftEvent(string PeerId);
