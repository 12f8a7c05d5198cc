namespace VibezLive.SocketIO;

/// <summary>
/// A set of target sockets of one namespace (rooms to include, rooms or socket ids to exclude). Immutable: each
/// call returns a new operator. <see cref="EmitAsync"/> encodes the packet once and queues the same bytes to every
/// target without waiting; a target that does not keep up is disconnected rather than buffered without bound.
/// </summary>
public sealed class SioBroadcast
{
    private readonly SioNamespace _namespace;
    private readonly string[] _rooms;
    private readonly string[] _except;

    internal SioBroadcast(SioNamespace ns, string[]? rooms = null, string[]? except = null)
    {
        _namespace = ns;
        _rooms = rooms ?? [];
        _except = except ?? [];
    }

    /// <summary>Adds a target room (a socket in several target rooms receives the packet once).</summary>
    public SioBroadcast To(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return new SioBroadcast(_namespace, [.. _rooms, room], _except);
    }

    /// <summary>Excludes the sockets of a room, or one socket by its id.</summary>
    public SioBroadcast Except(string roomOrSocketId)
    {
        ArgumentNullException.ThrowIfNull(roomOrSocketId);
        return new SioBroadcast(_namespace, _rooms, [.. _except, roomOrSocketId]);
    }

    /// <summary>Emits the event to the target sockets.</summary>
    public ValueTask EmitAsync(string eventName, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(args);
        var frame = SioEncoder.Encode(_namespace.Name, eventName, -1, args, _namespace.Server.Options.JsonSerializerOptions);
        var targets = new List<string>();
        _namespace.Adapter.CollectSocketIds(_rooms, _except, targets);
        foreach (var id in targets)
        {
            if (_namespace.TryGetSocket(id, out var socket) && socket.Connected) socket.Client.Session.TrySend(frame);
        }
        return ValueTask.CompletedTask;
    }
}
