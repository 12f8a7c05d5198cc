using System.Text.Json.Serialization;
using VibezLive.Media.Dtls;
using VibezLive.Media.Json;

namespace VibezLive.Media;

/// <summary>DTLS role and certificate fingerprints (RFC 8122; mediasoup's dtlsParameters).</summary>
public sealed record DtlsParameters
{
    /// <summary>"auto" | "client" | "server".</summary>
    [JsonPropertyName("role")]
    [JsonConverter(typeof(DtlsRoleJsonConverter))]
    public DtlsRole Role { get; init; } = DtlsRole.Auto;

    /// <summary>mediasoup-client puts only the LAST entry into its SDP, so the preferred one (sha-256) comes last.</summary>
    [JsonPropertyName("fingerprints")]
    public required IReadOnlyList<DtlsFingerprint> Fingerprints { get; init; }
}
