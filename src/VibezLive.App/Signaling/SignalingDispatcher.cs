using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VibezLive.App.Options;
using VibezLive.App.Rooms;
using VibezLive.Media.Negotiation;
using VibezLive.SocketIO;

namespace VibezLive.App.Signaling;

/// <summary>
/// Routes client events to their handlers. For every event: rate limit, payload shape check, run the handler within
/// the operation timeout, map failures to PROTOCOL.md codes, and ack exactly once (also when the handler throws).
/// </summary>
public sealed partial class SignalingDispatcher(IOptions<SignalingOptions> options, SignalingMetrics metrics, ILogger<SignalingDispatcher> logger)
{
    private readonly Dictionary<string, Func<SignalingContext, Task<object>>> _handlers = new(StringComparer.Ordinal);
    private readonly SignalingOptions _options = options.Value;

    public IReadOnlyCollection<string> Events => _handlers.Keys;

    public void Map(string eventName, Func<SignalingContext, Task<object>> handler) => _handlers.Add(eventName, handler);

    /// <summary>Subscribes the socket to every mapped event: one handler per socket that looks the event up in the
    /// shared table (filled by <see cref="Map"/> at startup, read-only afterwards), instead of a closure per event
    /// and socket.</summary>
    public void Attach(SioSocket socket, PeerSession session)
    {
        ArgumentNullException.ThrowIfNull(socket);

        // PROTOCOL.md: the server acks every event exactly once, unknown ones included. Their metric label is fixed
        // so that client-chosen names cannot grow the metric's series.
        socket.OnUnhandled(evt => _handlers.TryGetValue(evt.Name, out var handler)
            ? HandleAsync(evt, session, evt.Name, handler)
            : HandleAsync(evt, session, UnknownEventLabel, _ => throw UnknownEvent(evt.Name)));
    }

    private const string UnknownEventLabel = "(unknown)";

    private static SignalingException UnknownEvent(string name) =>
        new(ErrorCodes.Unsupported, $"Unknown event '{Truncate(name, 64)}'.");

    private static string Truncate(string value, int maxLength) => value.Length <= maxLength ? value : string.Concat(value.AsSpan(0, maxLength), "…");

    private async ValueTask HandleAsync(SioEvent evt, PeerSession session, string metricLabel, Func<SignalingContext, Task<object>> handler)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.OperationTimeout);
        object reply;
        string result;
        SignalingContext? context = null;
        try
        {
            using var lease = session.RateLimiter.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                throw new SignalingException(ErrorCodes.RateLimited, "Too many events: slow down.");
            }

            var root = evt.Args.Count > 0 ? evt.Args[0] : default;
            if (root.ValueKind is not (System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Undefined or System.Text.Json.JsonValueKind.Null))
            {
                throw SignalingException.BadRequest("The payload must be an object.");
            }

            context = new SignalingContext(evt, session, new Payload(root), timeout.Token);
            reply = await handler(context).WaitAsync(_options.OperationTimeout, timeout.Token);
            result = "ok";
        }
        catch (SignalingException e)
        {
            reply = ErrorReply.Of(e.Code, e.Message);
            result = e.Code;
        }
        catch (OrtcException e)
        {
            var code = e.Kind == OrtcErrorKind.Unsupported ? ErrorCodes.Unsupported : ErrorCodes.BadRequest;
            reply = ErrorReply.Of(code, e.Message);
            result = code;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            LogTimeout(logger, evt.Name, evt.Socket.Id);
            reply = ErrorReply.Of(ErrorCodes.Internal, $"'{evt.Name}' timed out.");
            result = ErrorCodes.Internal;
        }
#pragma warning disable CA1031 // Any other failure is a bug or an engine fault: the client still gets its ack.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, evt.Name, evt.Socket.Id, e);
            reply = ErrorReply.Of(ErrorCodes.Internal, "Internal error.");
            result = ErrorCodes.Internal;
        }

        metrics.RecordEvent(metricLabel, result, Stopwatch.GetElapsedTime(started));
        try
        {
            if (context is not null)
            {
                await context.AckAsync(reply);
            }
            else if (evt.HasAck)
            {
                await evt.AckAsync(reply);
            }
        }
#pragma warning disable CA1031 // The socket may be gone by now.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogAckFailed(logger, evt.Name, evt.Socket.Id, e);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Event {EventName} of socket {SocketId} timed out")]
    private static partial void LogTimeout(ILogger logger, string eventName, string socketId);

    [LoggerMessage(2, LogLevel.Error, "Event {EventName} of socket {SocketId} failed")]
    private static partial void LogFailed(ILogger logger, string eventName, string socketId, Exception exception);

    [LoggerMessage(3, LogLevel.Debug, "Ack of {EventName} to socket {SocketId} failed")]
    private static partial void LogAckFailed(ILogger logger, string eventName, string socketId, Exception exception);
}
