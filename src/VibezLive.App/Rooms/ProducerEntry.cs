using System.Text.Json;
using VibezLive.Media;

namespace VibezLive.App.Rooms;

/// <summary>A peer's producer and the <c>appData</c> it was announced with.</summary>
public sealed class ProducerEntry(Producer producer, WebRtcTransport transport, JsonElement appData)
{
    public Producer Producer { get; } = producer;

    public WebRtcTransport Transport { get; } = transport;

    public JsonElement AppData { get; } = appData;

    public string Id => Producer.Id;
}
