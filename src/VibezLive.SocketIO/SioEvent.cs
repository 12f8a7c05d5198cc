using System.Text.Json;
using VibezLive.SocketIO.Parser;

namespace VibezLive.SocketIO;

/// <summary>An event received from a client.</summary>
public sealed class SioEvent
{
    private readonly int _ackId;
    private int _acked;

    internal SioEvent(SioSocket socket, string name, JsonElement[] args, IReadOnlyList<byte[]> attachments, int ackId)
    {
        Socket = socket;
        Name = name;
        Args = args;
        Attachments = attachments;
        _ackId = ackId;
    }

    /// <summary>The socket that sent the event.</summary>
    public SioSocket Socket { get; }

    /// <summary>Event name.</summary>
    public string Name { get; }

    /// <summary>Arguments without the ack function. Binary ones appear as <c>{"_placeholder":true,"num":n}</c>.</summary>
    public IReadOnlyList<JsonElement> Args { get; }

    /// <summary>Binary attachments of a BINARY_EVENT (empty otherwise).</summary>
    public IReadOnlyList<byte[]> Attachments { get; }

    /// <summary>True when the client waits for an acknowledgement.</summary>
    public bool HasAck => _ackId >= 0;

    /// <summary>Argument <paramref name="index"/> with binary values resolved (<c>byte[]</c>, or lists/dictionaries holding them).</summary>
    public object? GetValue(int index) => SioPlaceholders.Resolve(Args[index], Attachments);

    /// <summary>All arguments with binary values resolved; they can be emitted or acknowledged again as they are.</summary>
    public object?[] GetValues()
    {
        var values = new object?[Args.Count];
        for (int i = 0; i < values.Length; i++) values[i] = GetValue(i);
        return values;
    }

    /// <summary>Acknowledges the event with <paramref name="args"/>. Only the first call sends; later ones are ignored (and logged).</summary>
    public ValueTask AckAsync(params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!HasAck) return ValueTask.CompletedTask;
        if (Interlocked.Exchange(ref _acked, 1) != 0)
        {
            SocketIOLog.DuplicateAck(Socket.Namespace.Server.Logger, Socket.Id, _ackId);
            return ValueTask.CompletedTask;
        }
        return Socket.SendAckAsync(_ackId, args);
    }
}
