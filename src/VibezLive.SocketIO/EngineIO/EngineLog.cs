using Microsoft.Extensions.Logging;

namespace VibezLive.SocketIO.EngineIO;

internal static partial class EngineLog
{
    [LoggerMessage(1, LogLevel.Debug, "Engine.IO session {Sid} opened over {Transport}", EventName = "SessionOpened")]
    public static partial void SessionOpened(ILogger logger, string sid, EngineTransport transport);

    [LoggerMessage(2, LogLevel.Debug, "Engine.IO session {Sid} closed: {Reason}", EventName = "SessionClosed")]
    public static partial void SessionClosed(ILogger logger, string sid, string reason);

    // The query string is not logged: clients may put credentials in it.
    [LoggerMessage(3, LogLevel.Debug, "Engine.IO request refused with code {Code} ({Method}, transport {Transport})", EventName = "RequestRefused")]
    public static partial void RequestRefused(ILogger logger, EngineErrorCode code, string method, string? transport);

    [LoggerMessage(4, LogLevel.Debug, "Engine.IO session {Sid}: malformed input ({Detail})", EventName = "MalformedInput")]
    public static partial void MalformedInput(ILogger logger, string sid, string detail);

    [LoggerMessage(5, LogLevel.Debug, "Engine.IO session {Sid} upgraded to WebSocket", EventName = "Upgraded")]
    public static partial void Upgraded(ILogger logger, string sid);

    [LoggerMessage(6, LogLevel.Debug, "Engine.IO session {Sid}: upgrade failed ({Detail})", EventName = "UpgradeFailed")]
    public static partial void UpgradeFailed(ILogger logger, string sid, string detail);

    [LoggerMessage(7, LogLevel.Debug, "Engine.IO session {Sid}: {Count} packets pending, closing a client that does not read", EventName = "SlowClient")]
    public static partial void SlowClient(ILogger logger, string sid, int count);

    [LoggerMessage(8, LogLevel.Debug, "Engine.IO session {Sid}: transport error", EventName = "TransportError")]
    public static partial void TransportError(ILogger logger, string sid, Exception exception);
}
