using Npgsql;
using VibezLive.App.Options;
using VibezLive.App.Storage;

namespace VibezLive.App.Tests.Options;

public sealed class StorageOptionsTests
{
    [Fact]
    public void MongoDb_is_refused_with_what_to_use_instead()
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { MongoDbUri = "mongodb://localhost/vibez" });
        Assert.True(result.Failed);
        Assert.Contains("MongoDB is not supported", result.FailureMessage);
        Assert.Contains("DATABASE_URL", result.FailureMessage);
    }

    [Fact]
    public void Defaults_are_valid_and_use_a_sqlite_file_under_the_content_root()
    {
        var options = new StorageOptions();
        Assert.True(new StorageOptionsValidator().Validate(null, options).Succeeded);
        var dir = Path.Combine(Path.GetTempPath(), $"vibez-{Guid.NewGuid():N}");
        var connection = DatabaseConnection.Resolve(options, dir);
        Assert.Equal(DatabaseProvider.Sqlite, connection.Provider);
        Assert.Contains(Path.Combine(dir, "vibezlive.db"), connection.ConnectionString);
        Directory.Delete(dir);
    }

    [Fact]
    public void A_postgres_url_becomes_an_npgsql_connection_string()
    {
        Assert.True(DatabaseConnection.TryParsePostgres("postgres://vibez:p%40ss@db.internal:5433/live?sslmode=require", out var cs, out _));
        var b = new NpgsqlConnectionStringBuilder(cs);
        Assert.Equal(("db.internal", 5433, "vibez", "p@ss", "live", SslMode.Require), (b.Host, b.Port, b.Username, b.Password, b.Database, b.SslMode));
    }

    [Fact]
    public void A_key_value_connection_string_is_accepted()
    {
        Assert.True(DatabaseConnection.TryParsePostgres("Host=127.0.0.1;Port=5432;Username=u;Database=d", out var cs, out _));
        Assert.Equal("127.0.0.1", new NpgsqlConnectionStringBuilder(cs).Host);
        var connection = DatabaseConnection.Resolve(new StorageOptions { DatabaseUrl = "postgresql://u@h/d" }, "/");
        Assert.Equal(DatabaseProvider.PostgreSql, connection.Provider);
    }

    [Theory]
    [InlineData("mysql://root@localhost/db")]
    [InlineData("postgres://")]
    [InlineData("Database=d")]
    [InlineData("postgres://u@h/d?nonsense_option=1")]
    public void Invalid_database_urls_fail_validation(string url)
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { DatabaseUrl = url });
        Assert.True(result.Failed);
        Assert.Contains("DATABASE_URL", result.FailureMessage);
    }
}
