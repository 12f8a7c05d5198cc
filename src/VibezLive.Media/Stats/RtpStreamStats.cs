using System.Text.Json.Serialization;

namespace VibezLive.Media.Stats;

/// <summary>One RTP stream's statistics in mediasoup's getStats() shape (<c>inbound-rtp</c> / <c>outbound-rtp</c>).</summary>
public sealed class RtpStreamStats
{
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>Unix milliseconds.</summary>
    [JsonPropertyName("timestamp")]
    public long Timestamp { get; init; }

    [JsonPropertyName("ssrc")]
    public uint Ssrc { get; init; }

    [JsonPropertyName("rtxSsrc")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public uint? RtxSsrc { get; init; }

    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    [JsonPropertyName("mimeType")]
    public required string MimeType { get; init; }

    [JsonPropertyName("packetsLost")]
    public int PacketsLost { get; init; }

    [JsonPropertyName("fractionLost")]
    public int FractionLost { get; init; }

    [JsonPropertyName("packetsDiscarded")]
    public long PacketsDiscarded { get; init; }

    [JsonPropertyName("packetsRetransmitted")]
    public long PacketsRetransmitted { get; init; }

    [JsonPropertyName("packetsRepaired")]
    public long PacketsRepaired { get; init; }

    [JsonPropertyName("nackCount")]
    public long NackCount { get; init; }

    [JsonPropertyName("nackPacketCount")]
    public long NackPacketCount { get; init; }

    [JsonPropertyName("pliCount")]
    public long PliCount { get; init; }

    [JsonPropertyName("firCount")]
    public long FirCount { get; init; }

    [JsonPropertyName("score")]
    public int Score { get; init; }

    [JsonPropertyName("packetCount")]
    public long PacketCount { get; init; }

    [JsonPropertyName("byteCount")]
    public long ByteCount { get; init; }

    /// <summary>bit/s over the last second.</summary>
    [JsonPropertyName("bitrate")]
    public long Bitrate { get; init; }

    /// <summary>Milliseconds.</summary>
    [JsonPropertyName("roundTripTime")]
    public double RoundTripTime { get; init; }

    [JsonPropertyName("jitter")]
    public uint Jitter { get; init; }
}
