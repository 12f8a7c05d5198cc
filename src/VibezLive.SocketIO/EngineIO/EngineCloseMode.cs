namespace VibezLive.SocketIO.EngineIO;

/// <summary>How a session ends.</summary>
internal enum EngineCloseMode
{
    /// <summary>Still open.</summary>
    None,

    /// <summary>Server close: queued packets are delivered, then the close packet.</summary>
    Graceful,

    /// <summary>The client sent the close packet: a pending poll is released with a noop.</summary>
    ClientRequested,

    /// <summary>Connection torn down at once (ping timeout, transport error, deliberate drop).</summary>
    Abort,
}
