namespace VibezLive.App.Options;

/// <summary>Where users, stored rooms and active users live. Section <c>Storage</c>; environment:
/// <c>DATABASE_URL</c>, <c>SQLITE_PATH</c>, <c>MONGODB_URI</c> (refused).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>PostgreSQL: a <c>postgres://user:pass@host:port/db?sslmode=require</c> URL or an Npgsql
    /// <c>Host=...;Database=...</c> string. Unset: the embedded SQLite file.</summary>
    public string? DatabaseUrl { get; set; }

    /// <summary>The SQLite file used when <see cref="DatabaseUrl"/> is unset; relative to the content root.
    /// Created on first start.</summary>
    public string SqlitePath { get; set; } = "vibezlive.db";

    /// <summary>The original backend's MongoDB URL. MongoDB is not supported: when set, the server refuses to start.</summary>
    public string? MongoDbUri { get; set; }
}
