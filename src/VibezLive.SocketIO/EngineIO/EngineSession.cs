using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VibezLive.SocketIO.EngineIO;

/// <summary>
/// One Engine.IO v4 session: its transport (long-polling, WebSocket, or polling upgraded to WebSocket), the
/// heartbeat, and the outbound queue. Outbound data packets go through a bounded channel; control packets (ping,
/// noop, close) have their own queue that every writer drains first, so a ping is never stuck behind data.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "_abort is only cancelled (never timed); in-flight requests may still link to it after the session ends.")]
internal sealed class EngineSession
{
    private static readonly byte[] OkBody = "ok"u8.ToArray();

    private readonly EngineServer _server;
    private readonly SocketIOOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<EngineFrame> _data;
    // Control packets are rare (open, ping, noop, close): a small locked queue, checked through a counter.
    private readonly Queue<EngineFrame> _control = new(2);
    private int _controlCount;
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _heartbeatLock = new();
    private readonly ITimer _heartbeat;
    private ITimer? _graceTimer;
    private bool _awaitingPong;
    private int _closeMode; // EngineCloseMode
    private int _finished;
    private int _transport; // EngineTransport
    private int _upgrading;
    private int _getPending;
    private int _postPending;
    private WebSocket? _webSocket;

    public EngineSession(EngineServer server, string id, EngineTransport transport, HttpContext context)
    {
        _server = server;
        _options = server.Options;
        _logger = server.Logger;
        Id = id;
        _transport = (int)transport;
        _data = Channel.CreateBounded<EngineFrame>(new BoundedChannelOptions(_options.MaxPendingPackets)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // Request headers and query belong to the request; keep copies for the session's lifetime.
        var headers = new HeaderDictionary();
        foreach (var header in context.Request.Headers) headers[header.Key] = header.Value;
        Headers = headers;
        Query = new QueryCollection(context.Request.Query.ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal));
        RemoteAddress = context.Connection.RemoteIpAddress;
        _heartbeat = server.TimeProvider.CreateTimer(static s => ((EngineSession)s!).OnHeartbeatTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Id { get; }

    public IHeaderDictionary Headers { get; }

    public IQueryCollection Query { get; }

    public IPAddress? RemoteAddress { get; }

    public IEngineConnectionHandler? Handler { get; set; }

    public EngineTransport Transport => (EngineTransport)Volatile.Read(ref _transport);

    public bool IsOpen => Volatile.Read(ref _closeMode) == (int)EngineCloseMode.None;

    public bool IsUpgrading => Volatile.Read(ref _upgrading) != 0;

    private EngineCloseMode CloseMode => (EngineCloseMode)Volatile.Read(ref _closeMode);

    /// <summary>The open packet's JSON (Engine.IO v4 handshake).</summary>
    public byte[] BuildOpenPacket(bool offerUpgrade)
    {
        var buffer = new ArrayBufferWriter<byte>(160);
        buffer.Write("0"u8);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sid"u8, Id);
            writer.WriteStartArray("upgrades"u8);
            if (offerUpgrade) writer.WriteStringValue("websocket"u8);
            writer.WriteEndArray();
            writer.WriteNumber("pingInterval"u8, (long)_options.PingInterval.TotalMilliseconds);
            writer.WriteNumber("pingTimeout"u8, (long)_options.PingTimeout.TotalMilliseconds);
            writer.WriteNumber("maxPayload"u8, _options.MaxHttpBufferSize);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public void StartHeartbeat() => _heartbeat.Change(_options.PingInterval, Timeout.InfiniteTimeSpan);

    /// <summary>
    /// Queues a packet without waiting (broadcast path). A client whose queue is full is closed rather than let the
    /// server buffer without bound. Returns false when the packet was not queued.
    /// </summary>
    public bool TrySend(EngineFrame frame)
    {
        if (!IsOpen) return false;
        if (!_data.Writer.TryWrite(frame))
        {
            if (!IsOpen) return false;
            EngineLog.SlowClient(_logger, Id, _data.Reader.Count);
            Close("transport error", EngineCloseMode.Abort);
            return false;
        }
        _server.Metrics.PacketSent(1 + frame.Binaries.Length);
        Ring();
        return true;
    }

    /// <summary>Queues a packet, waiting while the queue is full (back-pressure for one socket's emits).</summary>
    public async ValueTask SendAsync(EngineFrame frame)
    {
        if (!IsOpen) return;
        try
        {
            await _data.Writer.WriteAsync(frame, _abort.Token);
        }
        catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
        {
            return;
        }
        _server.Metrics.PacketSent(1 + frame.Binaries.Length);
        Ring();
    }

    private void SendControl(EngineFrame frame)
    {
        EnqueueControl(frame);
        Ring();
    }

    private void EnqueueControl(EngineFrame frame)
    {
        lock (_control)
        {
            _control.Enqueue(frame);
            _controlCount++;
        }
    }

    private bool TryDequeueControl([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EngineFrame? frame)
    {
        frame = null;
        if (Volatile.Read(ref _controlCount) == 0) return false;
        lock (_control)
        {
            if (!_control.TryDequeue(out frame)) return false;
            _controlCount--;
            return true;
        }
    }

    private void Ring() => _doorbell.Writer.TryWrite(true);

    /// <summary>Ends the session (idempotent; a later Abort still tears down a graceful close in progress).</summary>
    public void Close(string reason, EngineCloseMode mode)
    {
        if (Interlocked.CompareExchange(ref _closeMode, (int)mode, (int)EngineCloseMode.None) != (int)EngineCloseMode.None)
        {
            if (mode == EngineCloseMode.Abort) Teardown();
            return;
        }

        lock (_heartbeatLock) _heartbeat.Dispose(); // never while a pong re-arms it
        _data.Writer.TryComplete();
        EngineLog.SessionClosed(_logger, Id, reason);
        switch (mode)
        {
            case EngineCloseMode.Graceful:
                // The poll or the WebSocket writer delivers what is queued, then the close packet; a client that
                // never collects it is dropped after a heartbeat period.
                _graceTimer = _server.TimeProvider.CreateTimer(static s => ((EngineSession)s!).Teardown(), this, _options.PingInterval + _options.PingTimeout, Timeout.InfiniteTimeSpan);
                Ring();
                break;
            case EngineCloseMode.ClientRequested:
                // A held poll is released with a noop; a WebSocket writer just completes the close handshake.
                if (Transport == EngineTransport.Polling) SendControl(EngineFrame.Noop);
                Finish();
                break;
            default:
                Teardown();
                break;
        }

        try
        {
            Handler?.OnClosed(reason);
        }
#pragma warning disable CA1031 // The layer above must not break the transport's cleanup.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            EngineLog.TransportError(_logger, Id, ex);
        }
    }

    /// <summary>Drops the connection at once, without a close packet (what a network failure looks like).</summary>
    public void Abort(string reason) => Close(reason, EngineCloseMode.Abort);

    private void Teardown()
    {
        _abort.Cancel();
        _webSocket?.Abort();
        Finish();
    }

    private void Finish()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0) return;
        _graceTimer?.Dispose();
        _server.Remove(this);
        Ring();
    }

    // ---- heartbeat --------------------------------------------------------------------------------------------

    private void OnHeartbeatTimer()
    {
        bool timedOut;
        lock (_heartbeatLock)
        {
            if (!IsOpen) return;
            timedOut = _awaitingPong;
            if (!timedOut)
            {
                _awaitingPong = true;
                SendControl(EngineFrame.Ping);
                _heartbeat.Change(_options.PingTimeout, Timeout.InfiniteTimeSpan);
            }
        }
        if (timedOut) Close("ping timeout", EngineCloseMode.Abort);
    }

    private void OnPong()
    {
        lock (_heartbeatLock)
        {
            if (!_awaitingPong || !IsOpen) return;
            _awaitingPong = false;
            _heartbeat.Change(_options.PingInterval, Timeout.InfiniteTimeSpan);
        }
    }

    // ---- inbound packets (serialized by the transports: one POST at a time, one WebSocket reader) ---------------

    /// <summary>Handles one text packet. Returns false when it was malformed (the session is then closed).</summary>
    private async ValueTask<bool> OnTextPacketAsync(ReadOnlyMemory<byte> packet)
    {
        if (!EnginePayload.TryParseText(packet.Span, out var type, out int offset))
        {
            Malformed("unknown packet type");
            return false;
        }
        switch (type)
        {
            case EnginePacketType.Message:
                _server.Metrics.PacketReceived();
                if (Handler is { } handler) await handler.OnMessageAsync(packet[offset..], isBinary: false);
                return true;
            case EnginePacketType.Pong:
                OnPong();
                return true;
            case EnginePacketType.Close:
                Close("transport close", EngineCloseMode.ClientRequested);
                return true;
            case EnginePacketType.Noop:
                return true;
            default:
                Malformed($"unexpected packet type {type}");
                return false;
        }
    }

    private async ValueTask OnBinaryPacketAsync(ReadOnlyMemory<byte> data)
    {
        _server.Metrics.PacketReceived();
        if (Handler is { } handler) await handler.OnMessageAsync(data, isBinary: true);
    }

    private void Malformed(string detail)
    {
        EngineLog.MalformedInput(_logger, Id, detail);
        Close("parse error", EngineCloseMode.Graceful);
    }

    // ---- long-polling --------------------------------------------------------------------------------------------

    /// <summary>GET: holds the request until something is queued, then answers with every queued packet.</summary>
    public async Task HandlePollAsync(HttpContext context)
    {
        if (Interlocked.Exchange(ref _getPending, 1) != 0)
        {
            // A second concurrent poll: the reference server treats it as a client error and closes the session.
            await EngineServer.WriteErrorAsync(context, EngineErrorCode.BadRequest);
            Close("transport error", EngineCloseMode.Graceful);
            return;
        }
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _abort.Token);
            var body = new ArrayBufferWriter<byte>(256);
            while (true)
            {
                if (Transport != EngineTransport.Polling)
                {
                    // Upgraded meanwhile: release this poll, and leave the wake-up to the WebSocket writer.
                    Ring();
                    EnginePayload.WriteText(body, EngineFrame.Noop.Text, first: true);
                    break;
                }
                if (DrainForPoll(body)) break;
                if (CloseMode == EngineCloseMode.ClientRequested)
                {
                    EnginePayload.WriteText(body, EngineFrame.Noop.Text, first: true);
                    break;
                }
                if (CloseMode == EngineCloseMode.Abort || Volatile.Read(ref _finished) != 0)
                {
                    context.Abort();
                    return;
                }
                await _doorbell.Reader.ReadAsync(linked.Token);
            }
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/plain; charset=UTF-8";
            context.Response.ContentLength = body.WrittenCount;
            await context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            if (!_abort.IsCancellationRequested) Close("transport close", EngineCloseMode.Abort); // the client went away mid-poll
            context.Abort();
        }
        catch (IOException)
        {
            Close("transport error", EngineCloseMode.Abort);
        }
        finally
        {
            Volatile.Write(ref _getPending, 0);
        }
    }

    private bool DrainForPoll(ArrayBufferWriter<byte> body)
    {
        bool first = true;
        while (TryDequeueControl(out var control)) AppendToPoll(body, control, ref first);
        // Bound one response; what remains goes with the next poll.
        int budget = Math.Max(_options.MaxHttpBufferSize, 64 * 1024);
        while (body.WrittenCount < budget && _data.Reader.TryRead(out var frame)) AppendToPoll(body, frame, ref first);
        if (CloseMode == EngineCloseMode.Graceful && _data.Reader.Completion.IsCompleted)
        {
            AppendToPoll(body, EngineFrame.Close, ref first);
            Finish();
        }
        return !first;
    }

    private static void AppendToPoll(ArrayBufferWriter<byte> body, EngineFrame frame, ref bool first)
    {
        EnginePayload.WriteText(body, frame.Text, first);
        first = false;
        foreach (var binary in frame.Binaries) EnginePayload.WriteBinary(body, binary, first: false);
    }

    /// <summary>POST: decodes the payload and hands each packet over in order.</summary>
    public async Task HandlePostAsync(HttpContext context)
    {
        if (Interlocked.Exchange(ref _postPending, 1) != 0)
        {
            await EngineServer.WriteErrorAsync(context, EngineErrorCode.BadRequest);
            Close("transport error", EngineCloseMode.Graceful);
            return;
        }
        byte[]? rented = null;
        try
        {
            int max = _options.MaxHttpBufferSize;
            if (context.Request.ContentLength > max)
            {
                await TooLargeAsync(context);
                return;
            }
            var reader = context.Request.BodyReader;
            ReadResult read;
            while (true)
            {
                read = await reader.ReadAsync(context.RequestAborted);
                if (read.Buffer.Length > max)
                {
                    reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                    await TooLargeAsync(context);
                    return;
                }
                if (read.IsCompleted || read.IsCanceled) break;
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
            int length = (int)read.Buffer.Length;
            rented = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
            read.Buffer.CopyTo(rented);
            reader.AdvanceTo(read.Buffer.End);

            if (!await ProcessPayloadAsync(rented.AsMemory(0, length)))
            {
                await EngineServer.WriteErrorAsync(context, EngineErrorCode.BadRequest);
                return;
            }
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/html";
            context.Response.ContentLength = OkBody.Length;
            await context.Response.Body.WriteAsync(OkBody, context.RequestAborted);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            Close("transport error", EngineCloseMode.Abort);
            context.Abort();
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
            Volatile.Write(ref _postPending, 0);
        }
    }

    private async Task TooLargeAsync(HttpContext context)
    {
        EngineLog.MalformedInput(_logger, Id, "payload over maxHttpBufferSize");
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.ContentLength = 0;
        Close("transport error", EngineCloseMode.Graceful);
        await context.Response.CompleteAsync();
    }

    private async ValueTask<bool> ProcessPayloadAsync(ReadOnlyMemory<byte> payload)
    {
        int offset = 0;
        while (IsOpen)
        {
            int start = offset;
            if (!EnginePayload.TryReadNext(payload.Span, ref offset, out var segment, out bool isBinary)) break;
            // Recover the segment as memory (the span came from the same buffer).
            int segmentStart = start + (isBinary ? 1 : 0);
            var memory = payload.Slice(segmentStart, segment.Length);
            if (isBinary)
            {
                if (!EnginePayload.TryDecodeBase64(memory.Span, out var bytes))
                {
                    Malformed("bad base64");
                    return false;
                }
                await OnBinaryPacketAsync(bytes);
            }
            else if (!await OnTextPacketAsync(memory))
            {
                return false;
            }
        }
        return true;
    }

    // ---- WebSocket -----------------------------------------------------------------------------------------------

    /// <summary>Runs a WebSocket that opened the session (the open packet is queued first).</summary>
    public async Task RunWebSocketAsync(WebSocket webSocket, byte[] openPacket)
    {
        _webSocket = webSocket;
        EnqueueControl(new EngineFrame(openPacket));
        var writer = WriteLoopAsync(webSocket);
        await ReadLoopAsync(webSocket);
        await writer;
    }

    /// <summary>Runs the polling → WebSocket upgrade: <c>2probe</c>/<c>3probe</c>, noop to the poll, then <c>5</c>.</summary>
    public async Task RunUpgradeAsync(WebSocket webSocket)
    {
        if (Interlocked.Exchange(ref _upgrading, 1) != 0)
        {
            webSocket.Abort();
            return;
        }
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
            timeout.CancelAfter(_options.UpgradeTimeout);
            var first = await ReceiveSmallAsync(webSocket, buffer, timeout.Token);
            if (first is null || !buffer.AsSpan(0, first.Value).SequenceEqual("2probe"u8))
            {
                EngineLog.UpgradeFailed(_logger, Id, "expected 2probe");
                await CloseUpgradeAsync(webSocket);
                return;
            }
            await webSocket.SendAsync(EngineFrame.ProbePong.Text, WebSocketMessageType.Text, true, timeout.Token);
            SendControl(EngineFrame.Noop); // releases the pending poll so the client can pause polling

            var second = await ReceiveSmallAsync(webSocket, buffer, timeout.Token);
            if (second is null || !buffer.AsSpan(0, second.Value).SequenceEqual("5"u8) || !IsOpen)
            {
                EngineLog.UpgradeFailed(_logger, Id, "expected 5");
                await CloseUpgradeAsync(webSocket);
                return;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            EngineLog.UpgradeFailed(_logger, Id, ex.GetType().Name);
            webSocket.Abort();
            return;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _webSocket = webSocket;
        Volatile.Write(ref _transport, (int)EngineTransport.WebSocket);
        EngineLog.Upgraded(_logger, Id);
        Ring();
        var writer = WriteLoopAsync(webSocket);
        await ReadLoopAsync(webSocket);
        await writer;
    }

    private async Task CloseUpgradeAsync(WebSocket webSocket)
    {
        Volatile.Write(ref _upgrading, 0);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await webSocket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, null, cts.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            webSocket.Abort();
        }
    }

    /// <summary>Receives one short text message during the upgrade; null if it is not one.</summary>
    private static async Task<int?> ReceiveSmallAsync(WebSocket webSocket, byte[] buffer, CancellationToken ct)
    {
        int count = 0;
        while (true)
        {
            var result = await webSocket.ReceiveAsync(buffer.AsMemory(count), ct);
            if (result.MessageType != WebSocketMessageType.Text) return null;
            count += result.Count;
            if (result.EndOfMessage) return count;
            if (count == buffer.Length) return null;
        }
    }

    private async Task ReadLoopAsync(WebSocket webSocket)
    {
        int max = _options.MaxHttpBufferSize;
        try
        {
            while (IsOpen)
            {
                // Zero-byte read: an idle connection holds no receive buffer while it waits.
                var peek = await webSocket.ReceiveAsync(Memory<byte>.Empty, _abort.Token);
                if (peek.MessageType == WebSocketMessageType.Close)
                {
                    Close("transport close", EngineCloseMode.ClientRequested);
                    return;
                }

                byte[] buffer = ArrayPool<byte>.Shared.Rent(4096);
                try
                {
                    int count = 0;
                    ValueWebSocketReceiveResult result;
                    while (true)
                    {
                        if (count == buffer.Length)
                        {
                            if (buffer.Length > max)
                            {
                                await TooBigAsync(webSocket);
                                return;
                            }
                            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, max + 1));
                            buffer.AsSpan(0, count).CopyTo(bigger);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = bigger;
                        }
                        result = await webSocket.ReceiveAsync(buffer.AsMemory(count), _abort.Token);
                        count += result.Count;
                        if (count > max)
                        {
                            await TooBigAsync(webSocket);
                            return;
                        }
                        if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close) break;
                    }

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        Close("transport close", EngineCloseMode.ClientRequested);
                        return;
                    }
                    if (result.MessageType == WebSocketMessageType.Binary)
                    {
                        await OnBinaryPacketAsync(buffer.AsMemory(0, count));
                    }
                    else if (!await OnTextPacketAsync(buffer.AsMemory(0, count)))
                    {
                        return;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            if (IsOpen) EngineLog.TransportError(_logger, Id, ex);
            Close("transport close", EngineCloseMode.Abort);
        }
    }

    private async Task TooBigAsync(WebSocket webSocket)
    {
        EngineLog.MalformedInput(_logger, Id, "message over maxHttpBufferSize");
        try
        {
            // 1009 (RFC 6455 §7.4.1), as the reference server's ws does, then drop the session.
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await webSocket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, null, cts.Token);
            // Drain (bounded by the timeout) until the client's close frame: tearing the TCP connection down
            // while its data is unread would reset it and the client would never see the 1009.
            var scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                while ((await webSocket.ReceiveAsync(scratch.AsMemory(), cts.Token)).MessageType != WebSocketMessageType.Close)
                {
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The socket is being torn down anyway.
        }
        Close("transport error", EngineCloseMode.Abort);
    }

    private async Task WriteLoopAsync(WebSocket webSocket)
    {
        try
        {
            while (true)
            {
                while (TryDequeueControl(out var control)) await WriteFrameAsync(webSocket, control);
                if (_data.Reader.TryRead(out var frame))
                {
                    await WriteFrameAsync(webSocket, frame);
                    continue;
                }
                var mode = CloseMode;
                if (mode == EngineCloseMode.Graceful && _data.Reader.Completion.IsCompleted)
                {
                    await WriteFrameAsync(webSocket, EngineFrame.Close);
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
                    cts.CancelAfter(TimeSpan.FromSeconds(1));
                    await webSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
                    Finish();
                    return;
                }
                if (mode == EngineCloseMode.ClientRequested)
                {
                    if (webSocket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
                        cts.CancelAfter(TimeSpan.FromSeconds(1));
                        await webSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
                    }
                    return;
                }
                if (mode == EngineCloseMode.Abort) return;
                await _doorbell.Reader.ReadAsync(_abort.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            Close("transport error", EngineCloseMode.Abort);
        }
    }

    private ValueTask WriteFrameAsync(WebSocket webSocket, EngineFrame frame)
    {
        if (frame.Binaries.Length == 0) return webSocket.SendAsync(frame.Text.AsMemory(), WebSocketMessageType.Text, true, _abort.Token);
        return WriteWithBinariesAsync(webSocket, frame);
    }

    private async ValueTask WriteWithBinariesAsync(WebSocket webSocket, EngineFrame frame)
    {
        await webSocket.SendAsync(frame.Text, WebSocketMessageType.Text, true, _abort.Token);
        foreach (var binary in frame.Binaries) await webSocket.SendAsync(binary, WebSocketMessageType.Binary, true, _abort.Token);
    }
}
