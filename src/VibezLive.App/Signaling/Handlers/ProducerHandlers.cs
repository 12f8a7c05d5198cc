using Microsoft.Extensions.Options;
using VibezLive.App.Options;
using VibezLive.App.Rooms;
using VibezLive.App.Signaling.Messages;
using VibezLive.Media.Parameters;

namespace VibezLive.App.Signaling.Handlers;

/// <summary><c>produce</c>, <c>closeProducer</c>, <c>pauseProducer</c>, <c>resumeProducer</c>.</summary>
public sealed class ProducerHandlers(IOptions<SignalingOptions> options) : ISignalingHandlers
{
    /// <summary>Producers one peer may hold (camera, microphone, screen, ... with room to spare).</summary>
    public const int MaxProducersPerPeer = 16;

    private readonly SignalingOptions _options = options.Value;

    public void Register(SignalingDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        dispatcher.Map("produce", ProduceAsync);
        dispatcher.Map("closeProducer", CloseAsync);
        dispatcher.Map("pauseProducer", context => SetPausedAsync(context, paused: true));
        dispatcher.Map("resumeProducer", context => SetPausedAsync(context, paused: false));
    }

    private Task<object> ProduceAsync(SignalingContext context)
    {
        var kind = ParseKind(context.Payload.RequireString("kind", 16));
        var rtpParameters = context.Payload.RequireModel("rtpParameters", MediaJsonContext.Default.RtpParameters);
        var appData = context.Payload.OptionalObject("appData", _options.MaxAppDataBytes) ?? Room.EmptyAppData;
        return RoomAccess.InRoomAsync<object>(context, async (room, peer) =>
        {
            var transport = peer.SendTransport
                ?? throw SignalingException.BadRequest("No send transport: call createWebRtcTransport with sender: true first.");
            if (peer.Producers.Count >= MaxProducersPerPeer)
            {
                throw SignalingException.BadRequest($"At most {MaxProducersPerPeer} producers per peer.");
            }

            var producer = await transport.ProduceAsync(kind, rtpParameters, appData: null, paused: false, context.CancellationToken);
            var entry = new ProducerEntry(producer, transport, appData);
            room.TrackProducer(peer, entry);
            await context.AckAsync(new IdReply(producer.Id));
            await room.EmitToAllAsync("newProducer", new NewProducerEvent(producer.Id, peer.Id, producer.Kind, appData), except: peer);
            return new IdReply(producer.Id);
        });
    }

    private static Task<object> CloseAsync(SignalingContext context)
    {
        var producerId = context.Payload.RequireId("producerId");
        return RoomAccess.InRoomAsync<object>(context, async (room, peer) =>
        {
            await room.CloseProducerAsync(peer, RoomAccess.FindOwnProducer(room, peer, producerId));
            return EmptyReply.Instance;
        });
    }

    private static Task<object> SetPausedAsync(SignalingContext context, bool paused)
    {
        var producerId = context.Payload.RequireId("producerId");
        return RoomAccess.InRoomAsync<object>(context, async (room, peer) =>
        {
            var entry = RoomAccess.FindOwnProducer(room, peer, producerId);
            if (paused)
            {
                await entry.Producer.PauseAsync();
            }
            else
            {
                await entry.Producer.ResumeAsync();
            }

            await room.EmitToAllAsync(paused ? "producerPaused" : "producerResumed", new ProducerStateEvent(producerId, peer.Id), except: peer);
            return EmptyReply.Instance;
        });
    }

    private static MediaKind ParseKind(string kind) => kind switch
    {
        "audio" => MediaKind.Audio,
        "video" => MediaKind.Video,
        _ => throw SignalingException.BadRequest("'kind' must be \"audio\" or \"video\"."),
    };
}
