using System.Text.Json;

namespace VibezLive.SocketIO;

/// <summary>Options of the Engine.IO v4 / Socket.IO v5 server. Validated when the server starts.</summary>
public sealed class SocketIOOptions
{
    /// <summary>How often the server sends an Engine.IO ping. Defaults to 25 s (the reference server's value).</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How long the server waits for the pong before closing the session. Defaults to 20 s.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Largest accepted message in bytes: a polling POST body or one WebSocket message. Bigger input closes the
    /// session. Announced to clients as <c>maxPayload</c>. Defaults to 1,000,000 (1 MB).
    /// </summary>
    public int MaxHttpBufferSize { get; set; } = 1_000_000;

    /// <summary>Time a new Engine.IO session has to connect to a namespace before it is closed. Defaults to 45 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Time a WebSocket has to complete the polling → WebSocket upgrade (probe + upgrade). Defaults to 10 s.</summary>
    public TimeSpan UpgradeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Allowed browser origins. Empty = same origin only; <c>"*"</c> = any origin.</summary>
    public IList<string> CorsOrigins { get; } = new List<string>();

    /// <summary>Accept the HTTP long-polling transport. Defaults to true.</summary>
    public bool AllowPolling { get; set; } = true;

    /// <summary>Accept the WebSocket transport. Defaults to true.</summary>
    public bool AllowWebSocket { get; set; } = true;

    /// <summary>Allow a polling session to upgrade to WebSocket. Defaults to true.</summary>
    public bool AllowUpgrades { get; set; } = true;

    /// <summary>Most binary attachments one Socket.IO packet may announce. Defaults to 10 (socket.io-parser's value).</summary>
    public int MaxAttachments { get; set; } = 10;

    /// <summary>
    /// Most packets queued for one client before the server gives up on it and closes the session (a client that
    /// does not read cannot make the server grow without bound). Defaults to 4096.
    /// </summary>
    public int MaxPendingPackets { get; set; } = 4096;

    /// <summary>Most events queued for one socket's handlers before reading from its connection pauses. Defaults to 256.</summary>
    public int MaxPendingEvents { get; set; } = 256;

    /// <summary>
    /// Serializes emitted arguments. The application may set a source-generated <c>TypeInfoResolver</c>.
    /// Defaults to the web defaults (camelCase).
    /// </summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);
}
