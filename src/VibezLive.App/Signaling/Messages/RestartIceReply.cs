using VibezLive.Media;

namespace VibezLive.App.Signaling.Messages;

public sealed record RestartIceReply(IceParameters IceParameters);
