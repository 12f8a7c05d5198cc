using System.Text.Json.Serialization;

namespace VibezLive.Media;

/// <summary>A host candidate of the server (mediasoup's shape: both <c>address</c> and the deprecated <c>ip</c>).</summary>
public sealed record IceCandidate
{
    /// <summary>mediasoup's literal foundations: "udpcandidate" / "tcpcandidate".</summary>
    [JsonPropertyName("foundation")]
    public required string Foundation { get; init; }

    [JsonPropertyName("priority")]
    public required uint Priority { get; init; }

    [JsonPropertyName("address")]
    public required string Address { get; init; }

    /// <summary>Same as <see cref="Address"/>; old mediasoup-client versions read it.</summary>
    [JsonPropertyName("ip")]
    public string Ip => Address;

    /// <summary>"udp" or "tcp".</summary>
    [JsonPropertyName("protocol")]
    public required string Protocol { get; init; }

    [JsonPropertyName("port")]
    public required int Port { get; init; }

    [JsonPropertyName("type")]
    public string Type { get; init; } = "host";

    /// <summary>"passive" for TCP candidates (RFC 6544 §4.5); absent for UDP.</summary>
    [JsonPropertyName("tcpType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TcpType { get; init; }
}
