using System.Reflection;
using Xunit.Sdk;

namespace VibezLive.App.Tests.Storage;

/// <summary>Adds the PostgreSQL row to a storage theory; skipped unless <c>VIBEZ_TEST_POSTGRES</c> holds a connection
/// string (test.sh starts a throwaway server and sets it).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresDataAttribute : DataAttribute
{
    public const string Variable = "VIBEZ_TEST_POSTGRES";

    public PostgresDataAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"{Variable} is not set: no PostgreSQL server to test against.";
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StoreKind.PostgreSql]];
}
