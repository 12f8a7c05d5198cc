using System.Text.Json.Serialization;

namespace VibezLive.Media;

/// <summary>ICE state of a <see cref="WebRtcTransport"/> (mediasoup's iceState; JSON lowercase).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IceState>))]
public enum IceState
{
    /// <summary>No valid STUN Binding request received yet.</summary>
    [JsonStringEnumMemberName("new")]
    New,

    /// <summary>A valid Binding request arrived but no tuple was nominated (USE-CANDIDATE) yet.</summary>
    [JsonStringEnumMemberName("connected")]
    Connected,

    /// <summary>A tuple was nominated; media flows on it.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>Consent expired (RFC 7675): no valid Binding request within the consent timeout.</summary>
    [JsonStringEnumMemberName("disconnected")]
    Disconnected,

    [JsonStringEnumMemberName("closed")]
    Closed,
}
