namespace VibezLive.App.Signaling.Messages;

/// <summary><c>{ producers: [ProducerInfo] }</c>: the <c>currentProducers</c> event and the <c>requestSync</c> ack.</summary>
public sealed record ProducerListReply(IReadOnlyList<ProducerInfo> Producers);
