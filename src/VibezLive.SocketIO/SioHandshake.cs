using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace VibezLive.SocketIO;

/// <summary>What a client presented when connecting to a namespace.</summary>
public sealed class SioHandshake
{
    /// <summary>Creates a handshake (the server does; public so that middlewares can be unit-tested).</summary>
    public SioHandshake(JsonElement? auth, IHeaderDictionary headers, IQueryCollection query, IPAddress? remoteAddress)
    {
        Auth = auth;
        Headers = headers;
        Query = query;
        RemoteAddress = remoteAddress;
    }

    /// <summary>The CONNECT packet's <c>auth</c> object, or null when the client sent none.</summary>
    public JsonElement? Auth { get; }

    /// <summary>Headers of the HTTP request that opened the Engine.IO session.</summary>
    public IHeaderDictionary Headers { get; }

    /// <summary>Query string of the HTTP request that opened the Engine.IO session.</summary>
    public IQueryCollection Query { get; }

    /// <summary>Remote address of the connection.</summary>
    public IPAddress? RemoteAddress { get; }

    /// <summary>State set by middlewares; carried to <see cref="SioSocket.Items"/>.</summary>
    public IDictionary<string, object?> Items { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);
}
