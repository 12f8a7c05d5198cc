using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VibezLive.App.Storage;

/// <summary>Creates the schema (the SQLite file on first start) and clears the active users of a previous run
/// before the server accepts connections.</summary>
internal sealed partial class StorageInitializer(IAppStore store, DatabaseConnection connection, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        LogReady(logger, connection.Provider);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1, LogLevel.Information, "Storage ready ({Provider}); stale active users cleared")]
    private static partial void LogReady(ILogger logger, DatabaseProvider provider);
}
