using System.Buffers;
using System.Text.Json;
using VibezLive.App.Rooms;
using VibezLive.App.Signaling.Messages;
using VibezLive.Media.Parameters;

namespace VibezLive.App.Signaling.Handlers;

/// <summary><c>consume</c>, <c>resumeConsumer</c>, <c>pauseConsumer</c>, <c>setConsumerPreferredLayers</c>.</summary>
public sealed class ConsumerHandlers : ISignalingHandlers
{
    /// <summary>Consumers one peer may hold (a 50-peer room with camera, microphone and screen fits).</summary>
    public const int MaxConsumersPerPeer = 512;

    public void Register(SignalingDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        dispatcher.Map("consume", ConsumeAsync);
        dispatcher.Map("resumeConsumer", context => SetPausedAsync(context, paused: false));
        dispatcher.Map("pauseConsumer", context => SetPausedAsync(context, paused: true));
        dispatcher.Map("setConsumerPreferredLayers", SetPreferredLayersAsync);
    }

    private static Task<object> ConsumeAsync(SignalingContext context)
    {
        var producerId = context.Payload.RequireId("producerId");
        var capabilities = context.Payload.RequireModel("rtpCapabilities", MediaJsonContext.Default.RtpCapabilities);
        return RoomAccess.InRoomAsync<object>(context, async (room, peer) =>
        {
            var transport = peer.RecvTransport
                ?? throw SignalingException.BadRequest("No receive transport: call createWebRtcTransport with sender: false first.");
            var (_, producer) = room.FindProducer(producerId)
                ?? throw SignalingException.NotFound($"Producer '{producerId}' does not exist in this room.");
            if (peer.Consumers.Count >= MaxConsumersPerPeer)
            {
                throw SignalingException.BadRequest($"At most {MaxConsumersPerPeer} consumers per peer.");
            }

            if (!room.Router.CanConsume(producerId, capabilities))
            {
                throw new SignalingException(ErrorCodes.Unsupported, $"These rtpCapabilities cannot consume producer '{producerId}'.");
            }

            // Paused, as PROTOCOL.md says: the client resumes once its consumer is set up (no lost key frame).
            var consumer = await transport.ConsumeAsync(producerId, capabilities, paused: true, context.CancellationToken);
            room.TrackConsumer(peer, new ConsumerEntry(consumer, transport));
            return new ConsumeReply(consumer.Id, producerId, consumer.Kind, consumer.RtpParameters, consumer.Type, consumer.ProducerPaused, producer.AppData);
        });
    }

    private static Task<object> SetPausedAsync(SignalingContext context, bool paused)
    {
        var consumerId = context.Payload.RequireId("consumerId");
        return RoomAccess.InRoomAsync<object>(context, async (room, peer) =>
        {
            var entry = RoomAccess.FindOwnConsumer(room, peer, consumerId);
            if (paused)
            {
                await entry.Consumer.PauseAsync();
            }
            else
            {
                await entry.Consumer.ResumeAsync(); // the engine asks the producer for a key frame
            }

            return EmptyReply.Instance;
        });
    }

    /// <summary>
    /// Simple consumer: a no-op, reply <c>{}</c>. Simulcast consumer: the spatial layer is applied (clamped to the
    /// producer's encodings; the switch happens at that layer's next key frame) and the reply says what was applied:
    /// <c>{ spatialLayer, temporalLayers: "all" }</c>. A requested <c>temporalLayer</c> is accepted but not applied
    /// (the engine forwards every temporal layer of the chosen encoding), hence "all" rather than an error.
    /// </summary>
    private static Task<object> SetPreferredLayersAsync(SignalingContext context)
    {
        var consumerId = context.Payload.RequireId("consumerId");
        var spatial = context.Payload.RequireInt("spatialLayer", 0, 15);
        var temporal = context.Payload.OptionalInt("temporalLayer", 0, 15);
        return RoomAccess.InRoomAsync<object>(context, async (room, peer) =>
        {
            var entry = RoomAccess.FindOwnConsumer(room, peer, consumerId);
            await entry.Consumer.SetPreferredLayersAsync(spatial, temporal);
            return entry.Consumer.PreferredSpatialLayer is { } applied ? AppliedLayersReply(applied) : EmptyReply.Instance;
        });
    }

    private static JsonElement AppliedLayersReply(int spatialLayer)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("spatialLayer", spatialLayer);
            writer.WriteString("temporalLayers", "all");
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
