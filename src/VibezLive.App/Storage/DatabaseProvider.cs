namespace VibezLive.App.Storage;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}
