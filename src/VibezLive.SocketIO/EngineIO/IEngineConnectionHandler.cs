namespace VibezLive.SocketIO.EngineIO;

/// <summary>The layer above an Engine.IO session (Socket.IO's client). Calls for one session never overlap.</summary>
internal interface IEngineConnectionHandler
{
    /// <summary>A message packet arrived. <paramref name="data"/> is only valid during the call.</summary>
    ValueTask OnMessageAsync(ReadOnlyMemory<byte> data, bool isBinary);

    /// <summary>The session closed (called once).</summary>
    void OnClosed(string reason);
}
