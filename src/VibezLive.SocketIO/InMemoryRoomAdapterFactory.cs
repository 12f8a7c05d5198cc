namespace VibezLive.SocketIO;

/// <summary>Default factory: one <see cref="InMemoryRoomAdapter"/> per namespace.</summary>
public sealed class InMemoryRoomAdapterFactory : IRoomAdapterFactory
{
    /// <inheritdoc/>
    public IRoomAdapter Create(string namespaceName) => new InMemoryRoomAdapter();
}
