using VibezLive.Media;

namespace VibezLive.App.Rooms;

/// <summary>A peer's consumer, on its receive transport.</summary>
public sealed class ConsumerEntry(Consumer consumer, WebRtcTransport transport)
{
    public Consumer Consumer { get; } = consumer;

    public WebRtcTransport Transport { get; } = transport;

    public string Id => Consumer.Id;

    public string ProducerId => Consumer.ProducerId;
}
