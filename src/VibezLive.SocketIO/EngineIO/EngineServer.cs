using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace VibezLive.SocketIO.EngineIO;

/// <summary>
/// The Engine.IO v4 HTTP endpoint: validates each request (the reference server's checks and error codes), answers
/// CORS, performs handshakes and routes polling requests and WebSockets to their sessions.
/// </summary>
internal sealed class EngineServer
{
    private static readonly string[] AllowedMethods = ["GET", "POST"];
    private readonly ConcurrentDictionary<string, EngineSession> _sessions = new(StringComparer.Ordinal);

    public EngineServer(SocketIOOptions options, ILogger logger, TimeProvider timeProvider, SocketIOMetrics metrics)
    {
        Options = options;
        Logger = logger;
        TimeProvider = timeProvider;
        Metrics = metrics;
    }

    public SocketIOOptions Options { get; }

    public ILogger Logger { get; }

    public TimeProvider TimeProvider { get; }

    public SocketIOMetrics Metrics { get; }

    /// <summary>Called for each new session, before any packet: attaches the layer above.</summary>
    public Func<EngineSession, IEngineConnectionHandler>? ConnectionFactory { get; set; }

    public int SessionCount => _sessions.Count;

    public ICollection<EngineSession> Sessions => _sessions.Values;

    public async Task HandleRequestAsync(HttpContext context)
    {
        var request = context.Request;
        bool originAllowed = ApplyCors(context);
        if (HttpMethods.IsOptions(request.Method))
        {
            // CORS preflight (browsers send it before a POST with a text/plain body on another origin).
            context.Response.StatusCode = originAllowed ? StatusCodes.Status204NoContent : StatusCodes.Status403Forbidden;
            return;
        }

        string? transport = request.Query["transport"];
        bool isPolling = transport == "polling" && Options.AllowPolling;
        bool isWebSocket = transport == "websocket" && Options.AllowWebSocket;
        if (!isPolling && !isWebSocket)
        {
            await RefuseAsync(context, EngineErrorCode.UnknownTransport);
            return;
        }

        string? sid = request.Query["sid"];
        if (sid is not null)
        {
            if (!_sessions.TryGetValue(sid, out var session))
            {
                await RefuseAsync(context, EngineErrorCode.UnknownSid);
                return;
            }
            if (isWebSocket)
            {
                // Upgrade of a polling session: only once, and only if allowed.
                if (!context.WebSockets.IsWebSocketRequest || !Options.AllowUpgrades
                    || session.Transport != EngineTransport.Polling || session.IsUpgrading || !session.IsOpen)
                {
                    await RefuseAsync(context, EngineErrorCode.BadRequest);
                    return;
                }
                using var upgraded = await AcceptAsync(context);
                await session.RunUpgradeAsync(upgraded);
                return;
            }
            if (session.Transport != EngineTransport.Polling)
            {
                await RefuseAsync(context, EngineErrorCode.BadRequest);
                return;
            }
            if (HttpMethods.IsGet(request.Method)) await session.HandlePollAsync(context);
            else if (HttpMethods.IsPost(request.Method)) await session.HandlePostAsync(context);
            else await RefuseAsync(context, EngineErrorCode.BadRequest);
            return;
        }

        // Handshake.
        if (!HttpMethods.IsGet(request.Method))
        {
            await RefuseAsync(context, EngineErrorCode.BadHandshakeMethod);
            return;
        }
        if (request.Query["EIO"] != "4")
        {
            // Engine.IO v3 clients (socket.io 2.x) are not supported.
            await RefuseAsync(context, EngineErrorCode.UnsupportedProtocolVersion);
            return;
        }
        if (!originAllowed)
        {
            await RefuseAsync(context, EngineErrorCode.Forbidden);
            return;
        }
        if (isWebSocket && !context.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(context, EngineErrorCode.BadRequest);
            return;
        }

        var created = new EngineSession(this, NewId(), isWebSocket ? EngineTransport.WebSocket : EngineTransport.Polling, context);
        bool offerUpgrade = !isWebSocket && Options.AllowUpgrades && Options.AllowWebSocket;
        var openPacket = created.BuildOpenPacket(offerUpgrade);
        if (isWebSocket)
        {
            using var webSocket = await AcceptAsync(context);
            Register(created);
            await created.RunWebSocketAsync(webSocket, openPacket);
            return;
        }

        Register(created);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain; charset=UTF-8";
        context.Response.ContentLength = openPacket.Length;
        await context.Response.Body.WriteAsync(openPacket, context.RequestAborted);
    }

    private void Register(EngineSession session)
    {
        _sessions[session.Id] = session;
        Metrics.SessionOpened();
        EngineLog.SessionOpened(Logger, session.Id, session.Transport);
        session.Handler = ConnectionFactory?.Invoke(session);
        session.StartHeartbeat();
    }

    public void Remove(EngineSession session)
    {
        if (_sessions.TryRemove(new KeyValuePair<string, EngineSession>(session.Id, session))) Metrics.SessionClosed();
    }

    private static Task<WebSocket> AcceptAsync(HttpContext context) =>
        context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            // Engine.IO has its own heartbeat.
            KeepAliveInterval = TimeSpan.Zero,
        });

    private Task RefuseAsync(HttpContext context, EngineErrorCode code)
    {
        EngineLog.RequestRefused(Logger, code, context.Request.Method, context.Request.Query["transport"]);
        return WriteErrorAsync(context, code);
    }

    /// <summary>Writes <c>{"code":n,"message":"..."}</c> with the code's HTTP status.</summary>
    public static async Task WriteErrorAsync(HttpContext context, EngineErrorCode code)
    {
        if (context.Response.HasStarted) return;
        var body = Encoding.UTF8.GetBytes($"{{\"code\":{(int)code},\"message\":\"{EngineErrors.Message(code)}\"}}");
        context.Response.StatusCode = EngineErrors.StatusCode(code);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>Adds the CORS headers for an allowed origin; returns whether the origin is allowed.</summary>
    private bool ApplyCors(HttpContext context)
    {
        var origin = context.Request.Headers.Origin;
        if (StringValues.IsNullOrEmpty(origin)) return true; // not a browser cross-origin request
        string value = origin.ToString();
        if (!IsOriginAllowed(value, context.Request)) return false;
        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = value;
        headers.AccessControlAllowCredentials = "true";
        headers.Vary = "Origin";
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            headers.AccessControlAllowMethods = new StringValues(AllowedMethods);
            var requested = context.Request.Headers.AccessControlRequestHeaders;
            if (!StringValues.IsNullOrEmpty(requested)) headers.AccessControlAllowHeaders = requested;
        }
        return true;
    }

    private bool IsOriginAllowed(string origin, HttpRequest request)
    {
        foreach (var allowed in Options.CorsOrigins)
        {
            if (allowed == "*" || string.Equals(allowed, origin, StringComparison.OrdinalIgnoreCase)) return true;
        }
        // Same origin is always allowed.
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>20 URL-safe characters from 15 random bytes (120 bits).</summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[15];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
    }
}
