using System.Text.Json.Serialization;

namespace VibezLive.Media.Parameters;

/// <summary>
/// Direction of a header extension in router capabilities, seen from the router: <c>sendrecv</c> = received from
/// producers and written to consumers; <c>recvonly</c> = only read from producers (rid, rrid, dependency descriptor,
/// audio transport-cc).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<RtpHeaderExtensionDirection>))]
public enum RtpHeaderExtensionDirection
{
    [JsonStringEnumMemberName("sendrecv")]
    SendRecv,

    [JsonStringEnumMemberName("sendonly")]
    SendOnly,

    [JsonStringEnumMemberName("recvonly")]
    RecvOnly,

    [JsonStringEnumMemberName("inactive")]
    Inactive,
}
