using System.Text.Json;
using System.Text.Json.Serialization;
using VibezLive.App.Signaling.Messages;

namespace VibezLive.App.Signaling;

/// <summary>Source-generated contracts of every signaling reply and event, with mediasoup's conventions
/// (camelCase, unset optional members omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorReply))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(ConnectErrorPayload))]
[JsonSerializable(typeof(EmptyReply))]
[JsonSerializable(typeof(JoinRoomReply))]
[JsonSerializable(typeof(RouterCapabilitiesEvent))]
[JsonSerializable(typeof(ProducerListReply))]
[JsonSerializable(typeof(NewPeerEvent))]
[JsonSerializable(typeof(NewProducerEvent))]
[JsonSerializable(typeof(ProducerClosedEvent))]
[JsonSerializable(typeof(ProducerStateEvent))]
[JsonSerializable(typeof(ConsumerClosedEvent))]
[JsonSerializable(typeof(PeerLeftEvent))]
[JsonSerializable(typeof(RequestSyncEvent))]
[JsonSerializable(typeof(KickedEvent))]
[JsonSerializable(typeof(HostChangedEvent))]
[JsonSerializable(typeof(ActiveSpeakerEvent))]
[JsonSerializable(typeof(TransportReply))]
[JsonSerializable(typeof(IdReply))]
[JsonSerializable(typeof(ConsumeReply))]
[JsonSerializable(typeof(RestartIceReply))]
[JsonSerializable(typeof(StatsReply))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(VibezLive.Media.DtlsParameters))]
public sealed partial class AppJsonContext : JsonSerializerContext;
