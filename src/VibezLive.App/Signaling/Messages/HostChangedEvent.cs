namespace VibezLive.App.Signaling.Messages;

/// <summary><c>hostChanged</c>: an addition to PROTOCOL.md, sent to the room when the host role passes on.</summary>
public sealed record HostChangedEvent(string? HostPeerId);
