using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using VibezLive.App.Options;

namespace VibezLive.App.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IAppStore"/> on SQLite or PostgreSQL per <see cref="StorageOptions"/>.</summary>
    public static IServiceCollection AddAppStorage(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        services.AddSingleton(sp => DatabaseConnection.Resolve(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        services.AddDbContextFactory<AppDbContext>((sp, builder) => Configure(builder, sp.GetRequiredService<DatabaseConnection>()));
        services.AddSingleton<IAppStore, EfAppStore>();
        return services;
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseConnection connection)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Provider switch
        {
            DatabaseProvider.PostgreSql => builder.UseNpgsql(connection.ConnectionString),
            _ => builder.UseSqlite(connection.ConnectionString),
        };
    }
}
