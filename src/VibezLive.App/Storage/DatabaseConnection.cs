using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using Npgsql;
using VibezLive.App.Options;

namespace VibezLive.App.Storage;

/// <summary>The provider and connection string chosen from <see cref="StorageOptions"/>.</summary>
public sealed record DatabaseConnection(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseConnection Resolve(StorageOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.DatabaseUrl))
        {
            return TryParsePostgres(options.DatabaseUrl, out var cs, out var error)
                ? new DatabaseConnection(DatabaseProvider.PostgreSql, cs)
                : throw new InvalidOperationException($"DATABASE_URL is invalid: {error}");
        }

        var path = Path.GetFullPath(options.SqlitePath, contentRoot);
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = path, Cache = SqliteCacheMode.Shared, Pooling = true };
        return new DatabaseConnection(DatabaseProvider.Sqlite, builder.ConnectionString);
    }

    /// <summary>Accepts a libpq-style URL (<c>postgres://</c> or <c>postgresql://</c>, as Heroku/Render/Node's pg
    /// use) or an Npgsql key=value connection string.</summary>
    public static bool TryParsePostgres(string value, [NotNullWhen(true)] out string? connectionString, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        connectionString = null;
        value = value.Trim();
        try
        {
            if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
                value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            {
                connectionString = FromUrl(value);
                return (error = null) is null;
            }

            if (value.Contains('=', StringComparison.Ordinal))
            {
                var builder = new NpgsqlConnectionStringBuilder(value);
                if (string.IsNullOrEmpty(builder.Host))
                {
                    error = "the connection string has no Host.";
                    return false;
                }

                connectionString = builder.ConnectionString;
                return (error = null) is null;
            }

            error = "expected postgres://user:password@host:port/database or Host=...;Database=...";
            return false;
        }
        catch (Exception e) when (e is ArgumentException or UriFormatException or FormatException or KeyNotFoundException)
        {
            error = e.Message;
            return false;
        }
    }

    private static string FromUrl(string url)
    {
        var uri = new Uri(url);
        if (string.IsNullOrEmpty(uri.Host))
        {
            throw new UriFormatException("the URL has no host.");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var val = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (key.ToUpperInvariant())
            {
                case "SSLMODE":
                    builder.SslMode = Enum.Parse<SslMode>(val.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true);
                    break;
                case "SSL":
                    if (val is "true" or "1")
                    {
                        builder.SslMode = SslMode.Require;
                    }

                    break;
                default:
                    builder[key] = val; // Npgsql rejects unknown keywords with ArgumentException.
                    break;
            }
        }

        return builder.ConnectionString;
    }
}
