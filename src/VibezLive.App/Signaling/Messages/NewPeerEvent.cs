namespace VibezLive.App.Signaling.Messages;

public sealed record NewPeerEvent(string PeerId, string DisplayName);
