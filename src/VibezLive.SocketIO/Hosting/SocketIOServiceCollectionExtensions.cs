using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VibezLive.SocketIO;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Socket.IO server.</summary>
public static class SocketIOServiceCollectionExtensions
{
    /// <summary>Adds <see cref="SocketIOServer"/> (singleton) with its options (validated at start).</summary>
    public static IServiceCollection AddSocketIO(this IServiceCollection services, Action<SocketIOOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SocketIOOptions>().ValidateOnStart();
        if (configure is not null) options.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SocketIOOptions>, SocketIOOptionsValidator>());
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRoomAdapterFactory, InMemoryRoomAdapterFactory>();
        services.TryAddSingleton(sp => new SocketIOMetrics(sp.GetRequiredService<IMeterFactory>()));
        services.TryAddSingleton(sp => new SocketIOServer(
            sp.GetRequiredService<IOptions<SocketIOOptions>>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<SocketIOMetrics>(),
            sp.GetRequiredService<IRoomAdapterFactory>()));
        services.AddHostedService<SocketIOShutdownService>();
        return services;
    }
}
