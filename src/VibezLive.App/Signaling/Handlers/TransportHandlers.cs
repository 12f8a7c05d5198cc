using Microsoft.Extensions.Options;
using VibezLive.App.Options;
using VibezLive.App.Signaling.Messages;
using VibezLive.Media;

namespace VibezLive.App.Signaling.Handlers;

/// <summary><c>createWebRtcTransport</c>, <c>connectTransport</c>, <c>restartIce</c>.</summary>
public sealed class TransportHandlers(IOptions<SignalingOptions> options) : ISignalingHandlers
{
    private const int MaxFingerprints = 8;
    private readonly SignalingOptions _options = options.Value;

    public void Register(SignalingDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        dispatcher.Map("createWebRtcTransport", CreateAsync);
        dispatcher.Map("connectTransport", ConnectAsync);
        dispatcher.Map("restartIce", RestartIceAsync);
    }

    private Task<object> CreateAsync(SignalingContext context)
    {
        var sender = context.Payload.RequireBool("sender");
        var sctp = context.Payload.OptionalObject("sctpCapabilities", 1024);
        return RoomAccess.InRoomAsync<object>(context, async (room, peer) =>
        {
            // One transport per direction: asking again replaces (closes) the old one and exactly its objects.
            if ((sender ? peer.SendTransport : peer.RecvTransport) is { } old)
            {
                await room.CloseTransportAsync(peer, old, "transportclosed", notifyOwner: true);
            }

            var transportOptions = new WebRtcTransportOptions
            {
                EnableSctp = sctp is not null,
                NumSctpStreamsOs = SctpStreams(sctp, "OS"),
                NumSctpStreamsMis = SctpStreams(sctp, "MIS"),
            };
            var transport = await room.Router.CreateWebRtcTransportAsync(transportOptions, context.CancellationToken);
            if (sender)
            {
                peer.SendTransport = transport;
            }
            else
            {
                peer.RecvTransport = transport;
            }

            room.TrackTransport(peer, transport, _options.CloseTransportOnIceDisconnected);
            return new TransportReply(transport.Id, transport.IceParameters, transport.IceCandidates, transport.DtlsParameters, transport.SctpParameters);
        });
    }

    private static async Task<object> ConnectAsync(SignalingContext context)
    {
        var dtls = context.Payload.RequireModel("dtlsParameters", AppJsonContext.Default.DtlsParameters);
        if (dtls.Fingerprints is not { Count: > 0 and <= MaxFingerprints } ||
            dtls.Fingerprints.Any(f => f is null || string.IsNullOrEmpty(f.Algorithm) || string.IsNullOrEmpty(f.Value) || f.Value.Length > 256))
        {
            throw SignalingException.BadRequest($"'dtlsParameters.fingerprints' must hold 1 to {MaxFingerprints} {{ algorithm, value }} entries.");
        }

        var transportId = context.Payload.OptionalString("transportId", Payload.MaxIdLength);
        var sender = context.Payload.OptionalBool("sender");
        var transport = await RoomAccess.InRoomAsync(context, (room, peer) => Task.FromResult(RoomAccess.FindTransport(room, peer, transportId, sender)));
        try
        {
            // Outside the room's context: connecting may wait for the worker; nothing of the room changes.
            await transport.ConnectAsync(dtls, context.CancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw SignalingException.BadRequest(e.Message);
        }
        catch (ArgumentException e)
        {
            throw SignalingException.BadRequest(e.Message);
        }

        return EmptyReply.Instance;
    }

    private static async Task<object> RestartIceAsync(SignalingContext context)
    {
        var transportId = context.Payload.OptionalString("transportId", Payload.MaxIdLength);
        var sender = context.Payload.OptionalBool("sender");
        var transport = await RoomAccess.InRoomAsync(context, (room, peer) => Task.FromResult(RoomAccess.FindTransport(room, peer, transportId, sender)));
        try
        {
            return new RestartIceReply(await transport.RestartIceAsync(context.CancellationToken));
        }
        catch (InvalidOperationException e)
        {
            throw SignalingException.NotFound(e.Message);
        }
    }

    private static int SctpStreams(System.Text.Json.JsonElement? sctp, string name) =>
        sctp is { } s && s.TryGetProperty("numStreams", out var n) && n.ValueKind == System.Text.Json.JsonValueKind.Object &&
        n.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) && i is > 0 and <= 65535 ? i : 1024;
}
