using Microsoft.Extensions.Options;
using VibezLive.App.Storage;

namespace VibezLive.App.Options;

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.MongoDbUri))
        {
            return ValidateOptionsResult.Fail(
                "MONGODB_URI is set, but MongoDB is not supported by this server. Unset MONGODB_URI and either set " +
                "DATABASE_URL to a PostgreSQL URL (postgres://user:password@host:5432/database) or leave DATABASE_URL " +
                "unset to use the embedded SQLite file (SQLITE_PATH, default vibezlive.db).");
        }

        if (string.IsNullOrWhiteSpace(options.DatabaseUrl))
        {
            return string.IsNullOrWhiteSpace(options.SqlitePath)
                ? ValidateOptionsResult.Fail("Storage:SqlitePath (SQLITE_PATH) must not be empty when DATABASE_URL is unset.")
                : ValidateOptionsResult.Success;
        }

        return DatabaseConnection.TryParsePostgres(options.DatabaseUrl, out _, out var error)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"DATABASE_URL (Storage:DatabaseUrl) is not a valid PostgreSQL URL or connection string: {error}");
    }
}
