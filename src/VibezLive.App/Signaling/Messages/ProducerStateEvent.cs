namespace VibezLive.App.Signaling.Messages;

/// <summary><c>producerPaused</c> / <c>producerResumed</c>.</summary>
public sealed record ProducerStateEvent(string ProducerId, string PeerId);
