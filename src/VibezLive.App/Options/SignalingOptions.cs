using System.ComponentModel.DataAnnotations;

namespace VibezLive.App.Options;

/// <summary>Limits of the Socket.IO signaling. Section <c>Signaling</c>.</summary>
public sealed class SignalingOptions
{
    public const string SectionName = "Signaling";

    /// <summary>Events a socket may send per second on average (token bucket refill).</summary>
    [Range(1, 10_000)]
    public int EventsPerSecond { get; set; } = 100;

    /// <summary>Events a socket may send in one burst (token bucket size).</summary>
    [Range(1, 10_000)]
    public int EventBurst { get; set; } = 300;

    /// <summary>Peers per room unless a stored room sets its own limit.</summary>
    [Range(1, 10_000)]
    public int MaxPeersPerRoom { get; set; } = 50;

    /// <summary>Largest <c>appData</c> object accepted in <c>produce</c> (serialized bytes).</summary>
    [Range(2, 1_000_000)]
    public int MaxAppDataBytes { get; set; } = 4096;

    /// <summary>Longest display name (UTF-16 code units).</summary>
    [Range(1, 1000)]
    public int MaxDisplayNameLength { get; set; } = 64;

    /// <summary>Time one engine call (create transport, produce, ...) may take before the event fails with INTERNAL.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether ICE "disconnected" (consent lost, RFC 7675) closes the transport like DTLS failure does.</summary>
    public bool CloseTransportOnIceDisconnected { get; set; } = true;
}
