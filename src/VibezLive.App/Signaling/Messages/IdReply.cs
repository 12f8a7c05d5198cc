namespace VibezLive.App.Signaling.Messages;

/// <summary><c>{ id }</c>: the ack of <c>produce</c>.</summary>
public sealed record IdReply(string Id);
