using System.Text.Json.Serialization;

namespace VibezLive.Media.Stats;

/// <summary>A WebRTC transport's statistics in mediasoup's getStats() shape (<c>webrtc-transport</c>).</summary>
public sealed class WebRtcTransportStats
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "webrtc-transport";

    [JsonPropertyName("transportId")]
    public required string TransportId { get; init; }

    [JsonPropertyName("timestamp")]
    public long Timestamp { get; init; }

    [JsonPropertyName("iceRole")]
    public string IceRole { get; init; } = "controlled";

    [JsonPropertyName("iceState")]
    public IceState IceState { get; init; }

    [JsonPropertyName("iceSelectedTuple")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IceTupleStats? IceSelectedTuple { get; init; }

    [JsonPropertyName("dtlsState")]
    public required string DtlsState { get; init; }

    [JsonPropertyName("bytesReceived")]
    public long BytesReceived { get; init; }

    [JsonPropertyName("bytesSent")]
    public long BytesSent { get; init; }

    [JsonPropertyName("rtpBytesReceived")]
    public long RtpBytesReceived { get; init; }

    [JsonPropertyName("rtpBytesSent")]
    public long RtpBytesSent { get; init; }

    [JsonPropertyName("rtxBytesSent")]
    public long RtxBytesSent { get; init; }

    [JsonPropertyName("recvBitrate")]
    public long RecvBitrate { get; init; }

    [JsonPropertyName("sendBitrate")]
    public long SendBitrate { get; init; }

    [JsonPropertyName("availableOutgoingBitrate")]
    public long AvailableOutgoingBitrate { get; init; }

    [JsonPropertyName("maxIncomingBitrate")]
    public long MaxIncomingBitrate { get; init; }
}
