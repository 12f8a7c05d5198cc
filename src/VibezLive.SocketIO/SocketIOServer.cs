using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VibezLive.SocketIO.EngineIO;

namespace VibezLive.SocketIO;

/// <summary>The Socket.IO server (a DI singleton): its namespaces and the Engine.IO endpoint beneath them.</summary>
public sealed class SocketIOServer
{
    private readonly ConcurrentDictionary<string, SioNamespace> _namespaces = new(StringComparer.Ordinal);
    private readonly IRoomAdapterFactory _adapterFactory;

    internal SocketIOServer(IOptions<SocketIOOptions> options, ILoggerFactory loggerFactory, TimeProvider timeProvider, SocketIOMetrics metrics, IRoomAdapterFactory adapterFactory)
    {
        Options = options.Value;
        Logger = loggerFactory.CreateLogger("VibezLive.SocketIO");
        TimeProvider = timeProvider;
        Metrics = metrics;
        _adapterFactory = adapterFactory;
        Engine = new EngineServer(Options, loggerFactory.CreateLogger("VibezLive.SocketIO.EngineIO"), timeProvider, metrics)
        {
            ConnectionFactory = session => new SioClient(this, session),
        };
        Of("/");
    }

    internal SocketIOOptions Options { get; }

    internal ILogger Logger { get; }

    internal TimeProvider TimeProvider { get; }

    internal SocketIOMetrics Metrics { get; }

    internal EngineServer Engine { get; }

    /// <summary>Number of open Engine.IO sessions (connected clients).</summary>
    public int ClientCount => Engine.SessionCount;

    /// <summary>The namespace <paramref name="name"/> (<c>"/"</c> is the default one), created on first call. Only created namespaces accept connections.</summary>
    public SioNamespace Of(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name[0] != '/') name = "/" + name;
        return _namespaces.GetOrAdd(name, static (n, self) => new SioNamespace(self, n, self._adapterFactory.Create(n)), this);
    }

    internal bool TryGetNamespace(string name, out SioNamespace ns) => _namespaces.TryGetValue(name, out ns!);

    /// <summary>Closes every client (server shutdown): queued packets are flushed, then the Engine.IO close packet.</summary>
    public void CloseAll()
    {
        foreach (var session in Engine.Sessions) session.Close("server shutting down", EngineCloseMode.Graceful);
    }

    /// <summary>Drops every remaining client connection at once.</summary>
    internal void AbortAll()
    {
        foreach (var session in Engine.Sessions) session.Abort("server shutting down");
    }
}
