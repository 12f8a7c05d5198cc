using System.Text.Json.Serialization;

namespace VibezLive.Media;

/// <summary>SCTP parameters of a transport (mediasoup ≤ 3.19 shape). Present only when SCTP is enabled.</summary>
public sealed record SctpParameters
{
    [JsonPropertyName("port")]
    public int Port { get; init; } = 5000;

    [JsonPropertyName("OS")]
    public int OS { get; init; } = 1024;

    [JsonPropertyName("MIS")]
    public int MIS { get; init; } = 1024;

    [JsonPropertyName("maxMessageSize")]
    public int MaxMessageSize { get; init; } = 262144;
}
