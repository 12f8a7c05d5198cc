using System.Text.Json.Serialization;

namespace VibezLive.Media;

/// <summary>The server's ICE credentials as mediasoup-client expects them (RFC 8445 §5.3; ICE-lite, RFC 8445 §2.5).</summary>
public sealed record IceParameters
{
    [JsonPropertyName("usernameFragment")]
    public required string UsernameFragment { get; init; }

    [JsonPropertyName("password")]
    public required string Password { get; init; }

    /// <summary>Always true: the server is an ICE-lite agent; mediasoup-client then writes <c>a=ice-lite</c>.</summary>
    [JsonPropertyName("iceLite")]
    public bool IceLite { get; init; } = true;
}
