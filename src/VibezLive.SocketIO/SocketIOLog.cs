using Microsoft.Extensions.Logging;
using VibezLive.SocketIO.Parser;

namespace VibezLive.SocketIO;

internal static partial class SocketIOLog
{
    [LoggerMessage(101, LogLevel.Debug, "Session {Sid}: malformed Socket.IO packet ({Error}), closing", EventName = "MalformedPacket")]
    public static partial void MalformedPacket(ILogger logger, string sid, SioParseError error);

    [LoggerMessage(102, LogLevel.Debug, "Session {Sid}: protocol violation ({Detail}), closing", EventName = "ProtocolViolation")]
    public static partial void ProtocolViolation(ILogger logger, string sid, string detail);

    [LoggerMessage(103, LogLevel.Debug, "Session {Sid}: CONNECT to unknown namespace {Namespace}", EventName = "UnknownNamespace")]
    public static partial void UnknownNamespace(ILogger logger, string sid, string @namespace);

    [LoggerMessage(104, LogLevel.Debug, "Socket {SocketId} connected to {Namespace}", EventName = "SocketConnected")]
    public static partial void SocketConnected(ILogger logger, string socketId, string @namespace);

    [LoggerMessage(105, LogLevel.Debug, "Socket {SocketId} of {Namespace} disconnected: {Reason}", EventName = "SocketDisconnected")]
    public static partial void SocketDisconnected(ILogger logger, string socketId, string @namespace, string reason);

    [LoggerMessage(106, LogLevel.Error, "Socket {SocketId}: handler for {EventName} failed", EventName = "HandlerFailed")]
    public static partial void HandlerFailed(ILogger logger, string socketId, string eventName, Exception exception);

    [LoggerMessage(107, LogLevel.Debug, "Socket {SocketId}: no handler for {EventName}", EventName = "NoHandler")]
    public static partial void NoHandler(ILogger logger, string socketId, string eventName);

    [LoggerMessage(108, LogLevel.Debug, "Socket {SocketId}: ack {AckId} answered twice, second answer ignored", EventName = "DuplicateAck")]
    public static partial void DuplicateAck(ILogger logger, string socketId, int ackId);

    [LoggerMessage(109, LogLevel.Debug, "Socket {SocketId}: unknown ack id {AckId}", EventName = "UnknownAck")]
    public static partial void UnknownAck(ILogger logger, string socketId, int ackId);

    [LoggerMessage(110, LogLevel.Debug, "Session {Sid}: connection to {Namespace} refused by middleware", EventName = "ConnectRefused")]
    public static partial void ConnectRefused(ILogger logger, string sid, string @namespace);

    [LoggerMessage(111, LogLevel.Error, "Session {Sid}: middleware of {Namespace} failed", EventName = "MiddlewareFailed")]
    public static partial void MiddlewareFailed(ILogger logger, string sid, string @namespace, Exception exception);
}
