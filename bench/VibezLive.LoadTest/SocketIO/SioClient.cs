using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VibezLive.LoadTest.SocketIO;

/// <summary>
/// A minimal Socket.IO v5 client over Engine.IO v4, WebSocket transport only, default namespace "/".
/// Handles the Engine.IO open packet, ping → pong, Socket.IO CONNECT (with an auth object), CONNECT_ERROR,
/// EVENT (with or without an ack id) and ACK. Binary packets are not used by the signaling protocol and are
/// rejected. Control path only: it allocates freely.
/// </summary>
/// <remarks>
/// Engine.IO v4 packet types (one per WebSocket text frame): 0 open, 1 close, 2 ping, 3 pong, 4 message, 6 noop.
/// A Socket.IO packet rides in a "4" message: type digit (0 CONNECT, 1 DISCONNECT, 2 EVENT, 3 ACK,
/// 4 CONNECT_ERROR), optional "/nsp," prefix, optional ack id digits, then the JSON payload.
/// </remarks>
internal sealed class SioClient : IAsyncDisposable
{
    private const int MaxMessageBytes = 4 * 1024 * 1024;

    private readonly ClientWebSocket _ws;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement[]>> _acks = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<string> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextAckId;
    private Task _receiveLoop = Task.CompletedTask;

    private SioClient(ClientWebSocket ws) => _ws = ws;

    /// <summary>Raised on the receive loop for every server EVENT: (name, arguments). Handlers must not block.</summary>
    public event Action<string, JsonElement[]>? EventReceived;

    /// <summary>The Socket.IO id the server gave this connection (the protocol's peerId).</summary>
    public string SocketId { get; private set; } = "";

    /// <summary>Completes when the connection is gone (server close, error, or <see cref="DisposeAsync"/>).</summary>
    public Task Closed => _closed.Task;

    public bool IsConnected => _ws.State == WebSocketState.Open && !_closed.Task.IsCompleted;

    /// <summary>Opens ws://host:port/socket.io/?EIO=4&amp;transport=websocket and sends CONNECT with <paramref name="auth"/>.</summary>
    public static async Task<SioClient> ConnectAsync(Uri server, JsonObject auth, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(auth);
        var builder = new UriBuilder(server)
        {
            Scheme = server.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Path = "/socket.io/",
            Query = "EIO=4&transport=websocket",
        };

        var ws = new ClientWebSocket();
        ws.Options.KeepAliveInterval = TimeSpan.Zero; // Engine.IO has its own heartbeat.
        var client = new SioClient(ws);
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutCts.CancelAfter(timeout);
        try
        {
            await ws.ConnectAsync(builder.Uri, timeoutCts.Token);
            client._receiveLoop = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
            await client.SendTextAsync("40" + auth.ToJsonString(), timeoutCts.Token);
            client.SocketId = await client._connected.Task.WaitAsync(timeoutCts.Token);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Emits an EVENT with an ack id and waits for the ACK's arguments.</summary>
    public async Task<JsonElement[]> EmitWithAckAsync(string eventName, JsonNode? payload, TimeSpan timeout, CancellationToken ct)
    {
        int id = Interlocked.Increment(ref _nextAckId);
        var tcs = new TaskCompletionSource<JsonElement[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _acks[id] = tcs;
        try
        {
            var array = new JsonArray(JsonValue.Create(eventName), payload?.DeepClone() ?? new JsonObject());
            await SendTextAsync("42" + id.ToString(CultureInfo.InvariantCulture) + array.ToJsonString(), ct);
            return await tcs.Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no ack for '{eventName}' within {timeout.TotalSeconds:0.#} s");
        }
        finally
        {
            _acks.TryRemove(id, out _);
        }
    }

    private async Task SendTextAsync(string text, CancellationToken ct)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        try
        {
            await _sendLock.WaitAsync(ct);
            try
            {
                await _ws.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The server closed the connection (or it was disposed): one failure type for callers.
            throw new IOException("Socket.IO connection closed", ex);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var message = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                message.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _ws.ReceiveAsync(message.GetMemory(4096), _closing.Token);
                    message.Advance(result.Count);
                    if (message.WrittenCount > MaxMessageBytes)
                    {
                        throw new InvalidDataException("Engine.IO message too large");
                    }
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    await OnEnginePacketAsync(message.WrittenSpan.ToArray());
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or InvalidDataException or JsonException or IOException)
        {
            _connected.TrySetException(new IOException("Socket.IO connection lost", ex));
        }
        finally
        {
            _connected.TrySetException(new IOException("Socket.IO connection closed before CONNECT was acknowledged"));
            foreach (var pending in _acks.Values)
            {
                pending.TrySetException(new IOException("Socket.IO connection closed"));
            }

            _closed.TrySetResult();
        }
    }

    private async Task OnEnginePacketAsync(byte[] packet)
    {
        if (packet.Length == 0)
        {
            return;
        }

        switch (packet[0])
        {
            case (byte)'0': // open: {"sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"}
                break;
            case (byte)'1':
                await _closing.CancelAsync();
                break;
            case (byte)'2': // ping from the server (Engine.IO v4): answer pong with the same payload
                await SendTextAsync("3" + Encoding.UTF8.GetString(packet, 1, packet.Length - 1), _closing.Token);
                break;
            case (byte)'4':
                await OnSocketIOPacketAsync(packet.AsMemory(1));
                break;
            default: // 3 pong, 5 upgrade, 6 noop: nothing to do on a pure WebSocket session
                break;
        }
    }

    private async Task OnSocketIOPacketAsync(ReadOnlyMemory<byte> memory)
    {
        ReadOnlySpan<byte> p = memory.Span;
        if (p.IsEmpty)
        {
            return;
        }

        char type = (char)p[0];
        int i = 1;

        // Only the default namespace is used; a "/nsp," prefix would belong to another namespace.
        if (i < p.Length && p[i] == (byte)'/')
        {
            int comma = p.IndexOf((byte)',');
            if (comma < 0)
            {
                return;
            }

            i = comma + 1;
        }

        int ackId = -1;
        while (i < p.Length && p[i] is >= (byte)'0' and <= (byte)'9')
        {
            ackId = (ackId < 0 ? 0 : ackId * 10) + (p[i] - '0');
            i++;
        }

        ReadOnlyMemory<byte> json = memory[i..];
        switch (type)
        {
            case '0':
                using (var doc = JsonDocument.Parse(json))
                {
                    string sid = doc.RootElement.TryGetProperty("sid", out var s) ? s.GetString() ?? "" : "";
                    _connected.TrySetResult(sid);
                }

                break;
            case '4':
                _connected.TrySetException(new SioConnectException(json.IsEmpty ? "{}" : Encoding.UTF8.GetString(json.Span)));
                break;
            case '1':
                await _closing.CancelAsync();
                break;
            case '2':
                {
                    JsonElement[] items = ParseArray(json);
                    if (items.Length > 0 && items[0].ValueKind == JsonValueKind.String)
                    {
                        EventReceived?.Invoke(items[0].GetString()!, items[1..]);
                    }

                    if (ackId >= 0)
                    {
                        // The protocol has no server → client acks; answer anyway so the server never waits.
                        await SendTextAsync("43" + ackId.ToString(CultureInfo.InvariantCulture) + "[]", _closing.Token);
                    }

                    break;
                }

            case '3':
                if (ackId >= 0 && _acks.TryRemove(ackId, out var tcs))
                {
                    tcs.TrySetResult(ParseArray(json));
                }

                break;
            default: // 5/6 binary event/ack: not part of the signaling protocol
                break;
        }
    }

    private static JsonElement[] ParseArray(ReadOnlyMemory<byte> json)
    {
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var items = new JsonElement[doc.RootElement.GetArrayLength()];
        int n = 0;
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            items[n++] = item.Clone();
        }

        return items;
    }

    /// <summary>
    /// Drops the connection as a crashed tab or a killed process would: no DISCONNECT packet, no close frame; the
    /// server only sees the TCP connection end.
    /// </summary>
    public async ValueTask AbortAsync()
    {
        _ws.Abort();
        await _closing.CancelAsync();
        try
        {
            await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            // Nothing more to wait for: the socket is gone.
        }

        _ws.Dispose();
        _closing.Dispose();
        _sendLock.Dispose();
    }

    /// <summary>Sends DISCONNECT and closes the WebSocket (bounded wait).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ws.State == WebSocketState.Open)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await SendTextAsync("41", cts.Token);
                await _ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException)
            {
                // Best effort: the server cleans up on the transport close as well.
            }
        }

        await _closing.CancelAsync();
        try
        {
            await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            // The socket is aborted below.
        }

        _ws.Abort();
        _ws.Dispose();
        _closing.Dispose();
        _sendLock.Dispose();
    }
}
