using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using VibezLive.SocketIO.EngineIO;
using VibezLive.SocketIO.Parser;

namespace VibezLive.SocketIO;

/// <summary>
/// A client's connection to one namespace. Its handlers run one at a time, in arrival order, on its own loop, so a
/// handler may await an acknowledgement from the same client without blocking the connection's reading.
/// </summary>
public sealed class SioSocket
{
    private readonly ConcurrentDictionary<string, Func<SioEvent, ValueTask>> _handlers = new(concurrencyLevel: 1, capacity: 8, StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Dictionary<int, TaskCompletionSource<SioAckResponse>> _pendingAcks = [];
    private readonly Channel<SioPacketWithAttachments?> _inbox;
    private Func<string, ValueTask>[] _disconnectHandlers = [];
    private Func<SioEvent, ValueTask>? _unhandled;
    private int _nextAckId = -1;
    private int _connected = 1;
    private string _disconnectReason = "";

    internal SioSocket(SioNamespace ns, SioClient client, SioHandshake handshake, string id)
    {
        Namespace = ns;
        Client = client;
        Handshake = handshake;
        Id = id;
        Items = handshake.Items;
        // Bounded: when handlers fall behind, reading from the connection waits (back-pressure to the client).
        _inbox = Channel.CreateBounded<SioPacketWithAttachments?>(new BoundedChannelOptions(ns.Server.Options.MaxPendingEvents)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Socket.IO id (distinct from the Engine.IO session id).</summary>
    public string Id { get; }

    /// <summary>The namespace this socket is connected to.</summary>
    public SioNamespace Namespace { get; }

    /// <summary>What the client presented when connecting.</summary>
    public SioHandshake Handshake { get; }

    /// <summary>Per-socket state (starts with what middlewares put in <see cref="SioHandshake.Items"/>).</summary>
    public IDictionary<string, object?> Items { get; }

    /// <summary>True until the socket disconnects.</summary>
    public bool Connected => Volatile.Read(ref _connected) != 0;

    internal SioClient Client { get; }

    /// <summary>Sets the handler of <paramref name="eventName"/> (replacing any previous one).</summary>
    public void On(string eventName, Func<SioEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(handler);
        _handlers[eventName] = handler;
    }

    /// <summary>
    /// Sets the handler of every event that has no handler of its own, so that an application can still answer its
    /// acknowledgement (a client waiting on an ack for an event the server does not know would otherwise wait forever).
    /// </summary>
    public void OnUnhandled(Func<SioEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Volatile.Write(ref _unhandled, handler);
    }

    /// <summary>Adds a handler run once when the socket disconnects, after the events received before.</summary>
    public void OnDisconnect(Func<string, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock) _disconnectHandlers = [.. _disconnectHandlers, handler];
    }

    /// <summary>Emits an event to this client (dropped if it has disconnected).</summary>
    public ValueTask EmitAsync(string eventName, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(args);
        if (!Connected) return ValueTask.CompletedTask;
        return Client.Session.SendAsync(SioEncoder.Encode(Namespace.Name, eventName, -1, args, Namespace.Server.Options.JsonSerializerOptions));
    }

    /// <summary>
    /// Emits an event and waits for the client's acknowledgement. Throws <see cref="TimeoutException"/> when none
    /// arrives within <paramref name="timeout"/> or the socket disconnects first.
    /// </summary>
    public async Task<JsonElement[]> EmitWithAckAsync(string eventName, TimeSpan timeout, params object?[] args) =>
        (await EmitWithAckResponseAsync(eventName, timeout, args)).Args;

    /// <summary>Like <see cref="EmitWithAckAsync"/>, also returning the binary attachments of the answer.</summary>
    public async Task<SioAckResponse> EmitWithAckResponseAsync(string eventName, TimeSpan timeout, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(args);
        if (!Connected) throw new TimeoutException("The socket is disconnected.");
        int ackId = Interlocked.Increment(ref _nextAckId) & int.MaxValue;
        var tcs = new TaskCompletionSource<SioAckResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock) _pendingAcks[ackId] = tcs;
        try
        {
            await Client.Session.SendAsync(SioEncoder.Encode(Namespace.Name, eventName, ackId, args, Namespace.Server.Options.JsonSerializerOptions));
            if (!Connected) throw new TimeoutException("The socket disconnected before the acknowledgement.");
            return await tcs.Task.WaitAsync(timeout, Namespace.Server.TimeProvider);
        }
        finally
        {
            lock (_lock) _pendingAcks.Remove(ackId);
        }
    }

    /// <summary>Joins a room.</summary>
    public void Join(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        if (!Connected) return;
        Namespace.Adapter.Join(Id, room);
        // Disconnected meanwhile (its rooms were already left): undo, so no membership outlives the socket.
        if (!Connected) Namespace.Adapter.LeaveAll(Id);
    }

    /// <summary>Leaves a room.</summary>
    public void Leave(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        Namespace.Adapter.Leave(Id, room);
    }

    /// <summary>Rooms of this socket, including the one named by its id.</summary>
    public IReadOnlyCollection<string> Rooms => Namespace.Adapter.GetRooms(Id);

    /// <summary>Broadcasts from this socket: to <paramref name="room"/>, excluding this socket.</summary>
    public SioBroadcast To(string room) => new SioBroadcast(Namespace, [room], [Id]);

    /// <summary>
    /// Disconnects this socket from its namespace (the client receives DISCONNECT and does not reconnect).
    /// <paramref name="closeTransport"/> also closes the client's whole connection.
    /// </summary>
    public ValueTask DisconnectAsync(bool closeTransport = false)
    {
        if (Connected)
        {
            Client.Session.TrySend(SioEncoder.Disconnect(Namespace.Name));
            OnClosed("server namespace disconnect");
        }
        if (closeTransport) Client.Session.Close("forced server close", EngineCloseMode.Graceful);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Drops the client's whole connection at once, without DISCONNECT or Engine.IO close packet (what a network
    /// failure looks like: the client reconnects by itself).
    /// </summary>
    public void AbortConnection() => Client.Session.Abort("forced close");

    // ---- internal ------------------------------------------------------------------------------------------------

    internal void Start()
    {
        // First item: the connection handlers (null), so they run before any event.
        _inbox.Writer.TryWrite(null);
        _ = Task.Run(RunAsync);
    }

    internal async ValueTask EnqueueEventAsync(SioPacketWithAttachments packet)
    {
        if (_inbox.Writer.TryWrite(packet)) return;
        try
        {
            await _inbox.Writer.WriteAsync(packet);
        }
        catch (ChannelClosedException)
        {
            // Disconnected meanwhile: the event is dropped, as it would be for a disconnected socket.
        }
    }

    internal void OnAck(SioPacketWithAttachments packet)
    {
        TaskCompletionSource<SioAckResponse>? tcs;
        lock (_lock) _pendingAcks.Remove(packet.Packet.AckId, out tcs);
        if (tcs is null)
        {
            SocketIOLog.UnknownAck(Namespace.Server.Logger, Id, packet.Packet.AckId);
            return;
        }
        var data = packet.Packet.Data!.Value;
        var args = new JsonElement[data.GetArrayLength()];
        int i = 0;
        foreach (var item in data.EnumerateArray()) args[i++] = item;
        tcs.TrySetResult(new SioAckResponse(args, packet.Attachments));
    }

    internal ValueTask SendAckAsync(int ackId, object?[] args)
    {
        if (!Connected) return ValueTask.CompletedTask;
        return Client.Session.SendAsync(SioEncoder.Encode(Namespace.Name, null, ackId, args, Namespace.Server.Options.JsonSerializerOptions));
    }

    /// <summary>Marks the socket disconnected (idempotent); its loop then runs the disconnect handlers.</summary>
    internal void OnClosed(string reason)
    {
        if (Interlocked.Exchange(ref _connected, 0) == 0) return;
        _disconnectReason = reason;
        Namespace.Remove(this);
        Client.Remove(this);
        TaskCompletionSource<SioAckResponse>[] pending;
        lock (_lock)
        {
            pending = [.. _pendingAcks.Values];
            _pendingAcks.Clear();
        }
        foreach (var tcs in pending) tcs.TrySetException(new TimeoutException("The socket disconnected before the acknowledgement."));
        _inbox.Writer.TryComplete();
        SocketIOLog.SocketDisconnected(Namespace.Server.Logger, Id, Namespace.Name, reason);
    }

    private async Task RunAsync()
    {
        var logger = Namespace.Server.Logger;
        await foreach (var item in _inbox.Reader.ReadAllAsync())
        {
            string name = "connection";
            try
            {
                if (item is null)
                {
                    await Namespace.RunConnectionHandlersAsync(this);
                    continue;
                }
                var data = item.Packet.Data!.Value;
                name = data[0].GetString()!;
                var args = new JsonElement[data.GetArrayLength() - 1];
                int i = -1;
                foreach (var arg in data.EnumerateArray())
                {
                    if (i >= 0) args[i] = arg;
                    i++;
                }
                if (_handlers.TryGetValue(name, out var handler) || (handler = Volatile.Read(ref _unhandled)) is not null)
                {
                    await handler(new SioEvent(this, name, args, item.Attachments, item.Packet.AckId));
                }
                else
                {
                    SocketIOLog.NoHandler(logger, Id, name);
                }
            }
#pragma warning disable CA1031 // An application handler's failure must not stop this socket's loop.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                SocketIOLog.HandlerFailed(logger, Id, name, ex);
            }
        }

        foreach (var handler in Volatile.Read(ref _disconnectHandlers))
        {
            try
            {
                await handler(_disconnectReason);
            }
#pragma warning disable CA1031 // Every disconnect handler runs even if one fails.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                SocketIOLog.HandlerFailed(logger, Id, "disconnect", ex);
            }
        }
    }
}
