namespace VibezLive.SocketIO.EngineIO;

/// <summary>Transport currently carrying a session.</summary>
internal enum EngineTransport
{
    Polling,
    WebSocket,
}
