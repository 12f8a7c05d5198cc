using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using VibezLive.LoadTest.SocketIO;
using VibezLive.Media.Dtls;

namespace VibezLive.LoadTest.Signaling;

/// <summary>
/// One peer's signaling session, speaking exactly shared PROTOCOL.md: requests are Socket.IO events with an ack,
/// failures are acks of the form <c>{ error: { code, message } }</c>, surfaced as <see cref="SignalingException"/>.
/// </summary>
internal sealed class SignalingPeer : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);
    private readonly SioClient _client;

    private SignalingPeer(SioClient client)
    {
        _client = client;
        _client.EventReceived += OnEvent;
    }

    /// <summary>newProducer / currentProducers / the joinRoom ack's producers. Raised on the receive loop: do not block.</summary>
    public event Action<ProducerAnnouncement>? ProducerAnnounced;

    /// <summary>producerClosed (producerId). Raised on the receive loop: do not block.</summary>
    public event Action<string>? ProducerClosed;

    public string PeerId => _client.SocketId;

    public Task Closed => _client.Closed;

    public JsonNode? RouterRtpCapabilities { get; private set; }

    public static async Task<SignalingPeer> ConnectAsync(Uri server, string displayName, CancellationToken ct)
    {
        var client = await SioClient.ConnectAsync(server, new JsonObject { ["displayName"] = displayName }, RequestTimeout, ct);
        return new SignalingPeer(client);
    }

    /// <summary>joinRoom; returns the producers already in the room (also raised through <see cref="ProducerAnnounced"/>).</summary>
    public async Task<IReadOnlyList<ProducerAnnouncement>> JoinRoomAsync(string roomId, string displayName, CancellationToken ct)
    {
        JsonElement ack = await RequestAsync("joinRoom", new JsonObject { ["roomId"] = roomId, ["displayName"] = displayName }, ct);
        if (!ack.TryGetProperty("routerRtpCapabilities", out var caps) || caps.ValueKind != JsonValueKind.Object)
        {
            throw new SignalingException("joinRoom", "BAD_ACK", "the ack has no routerRtpCapabilities");
        }

        RouterRtpCapabilities = JsonNode.Parse(caps.GetRawText());
        var producers = new List<ProducerAnnouncement>();
        if (ack.TryGetProperty("producers", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var p in list.EnumerateArray())
            {
                if (TryReadProducer(p, out var announcement))
                {
                    producers.Add(announcement);
                }
            }
        }

        return producers;
    }

    public async Task<TransportInfo> CreateWebRtcTransportAsync(bool sender, CancellationToken ct)
    {
        JsonElement ack = await RequestAsync("createWebRtcTransport", new JsonObject { ["sender"] = sender }, ct);
        string id = ack.GetProperty("id").GetString() ?? throw new SignalingException("createWebRtcTransport", "BAD_ACK", "no id");
        JsonElement ice = ack.GetProperty("iceParameters");
        string ufrag = ice.GetProperty("usernameFragment").GetString()!;
        string password = ice.GetProperty("password").GetString()!;

        IPEndPoint? candidate = null;
        foreach (var c in ack.GetProperty("iceCandidates").EnumerateArray())
        {
            if (!string.Equals(c.GetProperty("protocol").GetString(), "udp", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string? address = c.TryGetProperty("address", out var a) ? a.GetString() : c.GetProperty("ip").GetString();
            if (IPAddress.TryParse(address, out var ip))
            {
                // Loopback only: this tool must never send traffic anywhere else.
                if (!IPAddress.IsLoopback(ip))
                {
                    throw new InvalidOperationException($"refusing non-loopback ICE candidate {address}");
                }

                candidate = new IPEndPoint(ip, c.GetProperty("port").GetInt32());
                break;
            }
        }

        if (candidate is null)
        {
            throw new SignalingException("createWebRtcTransport", "BAD_ACK", "no UDP candidate");
        }

        var fingerprints = new List<DtlsFingerprint>();
        foreach (var f in ack.GetProperty("dtlsParameters").GetProperty("fingerprints").EnumerateArray())
        {
            fingerprints.Add(new DtlsFingerprint(f.GetProperty("algorithm").GetString()!, f.GetProperty("value").GetString()!));
        }

        return new TransportInfo(id, ufrag, password, candidate, fingerprints);
    }

    /// <summary>connectTransport with <c>dtlsParameters { role: "client", fingerprints }</c> (we are the DTLS client).</summary>
    public Task ConnectTransportAsync(string transportId, bool sender, DtlsFingerprint fingerprint, CancellationToken ct)
    {
        var payload = new JsonObject
        {
            ["dtlsParameters"] = new JsonObject
            {
                ["role"] = "client",
                ["fingerprints"] = new JsonArray(new JsonObject { ["algorithm"] = fingerprint.Algorithm, ["value"] = fingerprint.Value }),
            },
            ["sender"] = sender,
            ["transportId"] = transportId,
        };
        return RequestAsync("connectTransport", payload, ct);
    }

    public async Task<string> ProduceAsync(string kind, JsonObject rtpParameters, CancellationToken ct)
    {
        var payload = new JsonObject
        {
            ["kind"] = kind,
            ["rtpParameters"] = rtpParameters,
            ["appData"] = new JsonObject { ["source"] = kind == "audio" ? "mic" : "webcam" },
        };
        JsonElement ack = await RequestAsync("produce", payload, ct);
        return ack.GetProperty("id").GetString() ?? throw new SignalingException("produce", "BAD_ACK", "no id");
    }

    public async Task<ConsumerInfo> ConsumeAsync(string producerId, CancellationToken ct)
    {
        var payload = new JsonObject
        {
            ["producerId"] = producerId,
            ["rtpCapabilities"] = RouterRtpCapabilities?.DeepClone(),
        };
        JsonElement ack = await RequestAsync("consume", payload, ct);
        JsonElement rtp = ack.GetProperty("rtpParameters");
        JsonElement encoding = rtp.GetProperty("encodings")[0];
        uint? rtx = encoding.TryGetProperty("rtx", out var r) && r.ValueKind == JsonValueKind.Object ? r.GetProperty("ssrc").GetUInt32() : null;
        return new ConsumerInfo(
            ack.GetProperty("id").GetString()!,
            producerId,
            ack.GetProperty("kind").GetString()!,
            encoding.GetProperty("ssrc").GetUInt32(),
            rtx,
            rtp.GetProperty("codecs")[0].GetProperty("clockRate").GetInt32());
    }

    public Task ResumeConsumerAsync(string consumerId, CancellationToken ct) =>
        RequestAsync("resumeConsumer", new JsonObject { ["consumerId"] = consumerId }, ct);

    public Task LeaveRoomAsync(CancellationToken ct) => RequestAsync("leaveRoom", new JsonObject(), ct);

    private async Task<JsonElement> RequestAsync(string eventName, JsonObject payload, CancellationToken ct)
    {
        JsonElement[] args = await _client.EmitWithAckAsync(eventName, payload, RequestTimeout, ct);
        if (args.Length == 0 || args[0].ValueKind != JsonValueKind.Object)
        {
            throw new SignalingException(eventName, "BAD_ACK", "the ack is not an object");
        }

        JsonElement ack = args[0];
        if (ack.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            string code = error.TryGetProperty("code", out var c) ? c.GetString() ?? "?" : "?";
            string message = error.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            throw new SignalingException(eventName, code, message);
        }

        return ack;
    }

    private void OnEvent(string name, JsonElement[] args)
    {
        if (args.Length == 0 || args[0].ValueKind != JsonValueKind.Object)
        {
            return;
        }

        switch (name)
        {
            case "newProducer":
                if (TryReadProducer(args[0], out var announcement))
                {
                    ProducerAnnounced?.Invoke(announcement);
                }

                break;
            case "currentProducers":
                if (args[0].TryGetProperty("producers", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var p in list.EnumerateArray())
                    {
                        if (TryReadProducer(p, out var a))
                        {
                            ProducerAnnounced?.Invoke(a);
                        }
                    }
                }

                break;
            case "producerClosed":
                if (args[0].TryGetProperty("producerId", out var id) && id.GetString() is { } producerId)
                {
                    ProducerClosed?.Invoke(producerId);
                }

                break;
            default:
                break;
        }
    }

    private static bool TryReadProducer(JsonElement e, out ProducerAnnouncement announcement)
    {
        announcement = null!;
        if (e.ValueKind != JsonValueKind.Object
            || !e.TryGetProperty("producerId", out var id) || id.GetString() is not { } producerId
            || !e.TryGetProperty("kind", out var k) || k.GetString() is not { } kind)
        {
            return false;
        }

        string peerId = e.TryGetProperty("peerId", out var p) ? p.GetString() ?? "" : "";
        announcement = new ProducerAnnouncement(producerId, peerId, kind);
        return true;
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    /// <summary>Drops the signaling connection without leaving or disconnecting (see <see cref="SioClient.AbortAsync"/>).</summary>
    public ValueTask AbortAsync() => _client.AbortAsync();
}
