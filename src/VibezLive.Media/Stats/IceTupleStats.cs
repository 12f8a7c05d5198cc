using System.Text.Json.Serialization;

namespace VibezLive.Media.Stats;

/// <summary>mediasoup's TransportTuple shape.</summary>
public sealed class IceTupleStats
{
    [JsonPropertyName("localIp")]
    public required string LocalIp { get; init; }

    [JsonPropertyName("localPort")]
    public int LocalPort { get; init; }

    [JsonPropertyName("remoteIp")]
    public required string RemoteIp { get; init; }

    [JsonPropertyName("remotePort")]
    public int RemotePort { get; init; }

    [JsonPropertyName("protocol")]
    public string Protocol { get; init; } = "udp";
}
