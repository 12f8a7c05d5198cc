using System.Collections.Concurrent;

namespace VibezLive.SocketIO;

/// <summary>A Socket.IO namespace: its middlewares, connection handlers, sockets and rooms.</summary>
public sealed class SioNamespace
{
    private readonly ConcurrentDictionary<string, SioSocket> _sockets = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private Func<SioHandshake, ValueTask<SioConnectError?>>[] _middlewares = [];
    private Func<SioSocket, ValueTask>[] _connectionHandlers = [];

    internal SioNamespace(SocketIOServer server, string name, IRoomAdapter adapter)
    {
        Server = server;
        Name = name;
        Adapter = adapter;
    }

    /// <summary>Name, starting with <c>/</c>.</summary>
    public string Name { get; }

    /// <summary>Room membership of this namespace.</summary>
    public IRoomAdapter Adapter { get; }

    internal SocketIOServer Server { get; }

    /// <summary>Sockets currently connected (a snapshot).</summary>
    public IReadOnlyCollection<SioSocket> Sockets => _sockets.Values.ToArray();

    /// <summary>
    /// Adds a middleware, run in order for each connection attempt. Returning non-null refuses the connection:
    /// the client receives CONNECT_ERROR with the error's data; its Engine.IO connection stays open.
    /// </summary>
    public void Use(Func<SioHandshake, ValueTask<SioConnectError?>> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        lock (_lock) _middlewares = [.. _middlewares, middleware];
    }

    /// <summary>Adds a handler run for each new socket, before any of its events.</summary>
    public void OnConnection(Func<SioSocket, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock) _connectionHandlers = [.. _connectionHandlers, handler];
    }

    /// <summary>Targets the sockets in <paramref name="room"/>.</summary>
    public SioBroadcast To(string room) => new SioBroadcast(this).To(room);

    /// <summary>Targets every socket except those in <paramref name="room"/> (a socket id is a room too).</summary>
    public SioBroadcast Except(string room) => new SioBroadcast(this).Except(room);

    /// <summary>Emits to every socket of the namespace.</summary>
    public ValueTask EmitAsync(string eventName, params object?[] args) => new SioBroadcast(this).EmitAsync(eventName, args);

    /// <summary>Number of sockets in <paramref name="room"/>.</summary>
    public int GetRoomSize(string room) => Adapter.GetRoomSize(room);

    internal bool TryGetSocket(string id, out SioSocket socket) => _sockets.TryGetValue(id, out socket!);

    internal async ValueTask<SioConnectError?> RunMiddlewaresAsync(SioHandshake handshake)
    {
        foreach (var middleware in Volatile.Read(ref _middlewares))
        {
            var error = await middleware(handshake);
            if (error is not null) return error;
        }
        return null;
    }

    internal async ValueTask RunConnectionHandlersAsync(SioSocket socket)
    {
        foreach (var handler in Volatile.Read(ref _connectionHandlers)) await handler(socket);
    }

    internal void Add(SioSocket socket)
    {
        _sockets[socket.Id] = socket;
        Adapter.Join(socket.Id, socket.Id);
        Server.Metrics.SocketConnected();
    }

    internal void Remove(SioSocket socket)
    {
        Adapter.LeaveAll(socket.Id);
        if (_sockets.TryRemove(new KeyValuePair<string, SioSocket>(socket.Id, socket))) Server.Metrics.SocketDisconnected();
    }
}
