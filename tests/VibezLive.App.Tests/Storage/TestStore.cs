using Microsoft.EntityFrameworkCore;
using Npgsql;
using VibezLive.App.Storage;

namespace VibezLive.App.Tests.Storage;

/// <summary>A fresh, empty store: a temporary SQLite file, or a new PostgreSQL database (dropped afterwards).</summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly DbContextOptions<AppDbContext> _options;
    private readonly string? _sqliteFile;

    private TestStore(DatabaseConnection connection, string? sqliteFile)
    {
        Connection = connection;
        _sqliteFile = sqliteFile;
        _options = (DbContextOptions<AppDbContext>)StorageServiceCollectionExtensions
            .Configure(new DbContextOptionsBuilder<AppDbContext>(), connection).Options;
        Store = new EfAppStore(new Factory(_options));
    }

    public DatabaseConnection Connection { get; }

    public IAppStore Store { get; }

    public static async Task<TestStore> CreateAsync(StoreKind kind)
    {
        TestStore store;
        if (kind == StoreKind.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"vibez-test-{Guid.NewGuid():N}.db");
            store = new TestStore(DatabaseConnection.Resolve(new() { SqlitePath = file }, Path.GetTempPath()), file);
        }
        else
        {
            var builder = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(PostgresDataAttribute.Variable))
            {
                Database = $"vibez_test_{Guid.NewGuid():N}",
                Pooling = false,
            };
            store = new TestStore(new DatabaseConnection(DatabaseProvider.PostgreSql, builder.ConnectionString), null);
        }

        await store.Store.InitializeAsync();
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        if (Connection.Provider == DatabaseProvider.PostgreSql)
        {
            await using var db = new AppDbContext(_options);
            await db.Database.EnsureDeletedAsync();
        }
        else if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(_sqliteFile);
        }
    }

    private sealed class Factory(DbContextOptions<AppDbContext> options) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => new(options);
    }
}
