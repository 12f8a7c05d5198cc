namespace VibezLive.App.Tests.Storage;

public enum StoreKind
{
    Sqlite,
    PostgreSql,
}
