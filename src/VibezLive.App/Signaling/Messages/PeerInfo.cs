namespace VibezLive.App.Signaling.Messages;

public sealed record PeerInfo(string PeerId, string DisplayName);
