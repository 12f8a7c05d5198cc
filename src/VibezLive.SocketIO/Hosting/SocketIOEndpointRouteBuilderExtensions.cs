using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VibezLive.SocketIO;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Socket.IO endpoint.</summary>
public static class SocketIOEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps Engine.IO / Socket.IO at <paramref name="path"/> (GET, POST, OPTIONS and WebSocket upgrades). The
    /// WebSocket middleware is part of the endpoint, so the application need not add it.
    /// </summary>
    public static IEndpointConventionBuilder MapSocketIO(this IEndpointRouteBuilder endpoints, string path = "/socket.io/")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var server = endpoints.ServiceProvider.GetRequiredService<SocketIOServer>();
        var pipeline = endpoints.CreateApplicationBuilder();
        pipeline.UseWebSockets();
        pipeline.Run(server.Engine.HandleRequestAsync);
        string pattern = path.TrimEnd('/');
        if (pattern.Length == 0) pattern = "/";
        return endpoints.Map(pattern, pipeline.Build()).WithDisplayName("Socket.IO");
    }
}
