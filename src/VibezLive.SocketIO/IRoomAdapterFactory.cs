namespace VibezLive.SocketIO;

/// <summary>Creates the room adapter of each namespace (register another implementation to replace the in-memory one).</summary>
public interface IRoomAdapterFactory
{
    /// <summary>Creates the adapter for the namespace <paramref name="namespaceName"/>.</summary>
    IRoomAdapter Create(string namespaceName);
}
