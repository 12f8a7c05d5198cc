using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using VibezLive.App.Rooms;
using VibezLive.App.Signaling;
using VibezLive.App.Signaling.Handlers;
using VibezLive.Media;

namespace VibezLive.App;

public static class SignalingServiceCollectionExtensions
{
    /// <summary>The media engine (section <c>Media</c>), rooms, and the Socket.IO signaling of PROTOCOL.md.</summary>
    /// <param name="corsOrigins">Browser origins allowed to connect (<c>*</c> = any; empty = same origin).</param>
    public static IServiceCollection AddVibezSignaling(this IServiceCollection services, IEnumerable<string> corsOrigins)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(corsOrigins);
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<MediaOptions>, MediaOptionsDefaults>();
        services.AddSingleton<MediaWorkerPool>();
        services.AddHostedService(sp => sp.GetRequiredService<MediaWorkerPool>());
        services.AddSingleton<IRoomMediaCodecs, ConfiguredMediaCodecs>();

        services.AddSingleton<RoomCounters>();
        services.AddSingleton<RoomRegistry>();
        services.AddSingleton<ILiveRoomDirectory>(sp => sp.GetRequiredService<RoomRegistry>());
        services.AddSingleton(sp => new SignalingMetrics(
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<RoomCounters>(),
            () => sp.GetRequiredService<RoomRegistry>().Rooms,
            () => sp.GetRequiredService<MediaWorkerPool>().Workers));
        services.AddSingleton<SignalingDispatcher>();
        services.AddSingleton<HandshakeAuthenticator>();
        services.AddSingleton<PeerHandlers>();
        services.AddSingleton<ISignalingHandlers, RoomHandlers>();
        services.AddSingleton<ISignalingHandlers, TransportHandlers>();
        services.AddSingleton<ISignalingHandlers, ProducerHandlers>();
        services.AddSingleton<ISignalingHandlers, ConsumerHandlers>();
        services.AddSingleton<ISignalingHandlers>(sp => sp.GetRequiredService<PeerHandlers>());

        var origins = corsOrigins.ToArray();
        services.AddSocketIO(o =>
        {
            o.JsonSerializerOptions = SignalingJson.Options;
            foreach (var origin in origins)
            {
                o.CorsOrigins.Add(origin);
            }
        });
        services.AddHostedService<SignalingService>();
        services.AddHealthChecks().AddCheck<MediaWorkersHealthCheck>("media", tags: [AppServiceCollectionExtensions.ReadinessTag]);
        return services;
    }

    private sealed class MediaWorkersHealthCheck(MediaWorkerPool pool) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(pool.Workers.Count > 0 && pool.Workers.All(w => !w.Closed)
                ? HealthCheckResult.Healthy($"{pool.Workers.Count} media workers")
                : HealthCheckResult.Unhealthy("The media workers are not running."));
    }
}
