namespace VibezLive.LoadTest.Signaling;

/// <summary>A producer of another peer (from the <c>joinRoom</c> ack, <c>currentProducers</c> or <c>newProducer</c>).</summary>
internal sealed record ProducerAnnouncement(string ProducerId, string PeerId, string Kind);
