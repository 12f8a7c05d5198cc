using System.Collections;

namespace VibezLive.Server.Configuration;

/// <summary>The original backend's flat environment names (<c>PORT</c>, <c>DATABASE_URL</c>, ...) mapped onto
/// configuration keys. Sources, lowest first: the <c>.env</c> file, then the process environment.</summary>
public sealed class LegacyEnvironment
{
    private readonly Dictionary<string, string> _variables;

    public LegacyEnvironment(IReadOnlyDictionary<string, string> dotEnv, IDictionary processEnvironment)
    {
        ArgumentNullException.ThrowIfNull(dotEnv);
        ArgumentNullException.ThrowIfNull(processEnvironment);
        _variables = new Dictionary<string, string>(dotEnv, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in processEnvironment)
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                _variables[key] = value;
            }
        }

        DotEnv = dotEnv;
    }

    /// <summary>Values of the <c>.env</c> file alone (to be added to the configuration like environment variables).</summary>
    public IReadOnlyDictionary<string, string> DotEnv { get; }

    public string? Get(string name) => _variables.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    /// <summary>The environment name: <c>ASPNETCORE_ENVIRONMENT</c>, <c>DOTNET_ENVIRONMENT</c>, or <c>NODE_ENV</c>
    /// (production → Production, development → Development, test → Test); Development when none is set, so that
    /// <c>dotnet run</c> works without setup.</summary>
    public string EnvironmentName()
    {
        var name = Get("ASPNETCORE_ENVIRONMENT") ?? Get("DOTNET_ENVIRONMENT");
        if (name is not null)
        {
            return name;
        }

        return Get("NODE_ENV")?.ToLowerInvariant() switch
        {
            null => "Development",
            "production" or "prod" => "Production",
            "development" or "dev" => "Development",
            "test" => "Test",
            "staging" => "Staging",
            { } other => char.ToUpperInvariant(other[0]) + other[1..],
        };
    }

    /// <summary>Configuration keys set by the flat names that are present.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToConfiguration()
    {
        foreach (var (name, key) in Simple)
        {
            if (Get(name) is { } value)
            {
                yield return new(key, value);
            }
        }

        foreach (var (name, key) in Flags)
        {
            if (Get(name) is { } value)
            {
                yield return new(key, Flag(value));
            }
        }

        if ((Get("MONGODB_URI") ?? Get("MONGO_URI")) is { } mongo)
        {
            yield return new("Storage:MongoDbUri", mongo);
        }

        if (Get("CORS_ORIGINS") is { } cors)
        {
            var i = 0;
            foreach (var origin in cors.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return new($"Server:CorsOrigins:{i++}", origin);
            }
        }

        // The equivalent of DEBUG=mediasoup* in the original: one switch for the media plane's debug logs.
        if (Get("DEBUG") is { } debug && (debug.Contains("mediasoup", StringComparison.OrdinalIgnoreCase) ||
                                          debug.Contains("media", StringComparison.OrdinalIgnoreCase) || debug == "*"))
        {
            yield return new("Logging:LogLevel:VibezLive.Media", "Debug");
        }
    }

    /// <summary>Booleans, written as 1/0, yes/no, on/off or true/false.</summary>
    private static readonly (string Name, string Key)[] Flags =
    [
        ("ALLOW_GUESTS", "Auth:AllowGuests"),
        ("USE_WEBRTC_SERVER", "Media:UseWebRtcServer"),
        ("ENABLE_UDP", "Media:EnableUdp"),
        ("ENABLE_TCP", "Media:EnableTcp"),
        ("PREFER_UDP", "Media:PreferUdp"),
    ];

    private static string Flag(string value) => value.ToLowerInvariant() switch
    {
        "1" or "yes" or "on" or "true" => "true",
        "0" or "no" or "off" or "false" => "false",
        _ => value, // left as is: the options binder reports it
    };

    private static readonly (string Name, string Key)[] Simple =
    [
        ("PORT", "Server:Port"),
        ("HTTPS_CERT_FILE", "Server:Https:CertificateFile"),
        ("HTTPS_KEY_FILE", "Server:Https:KeyFile"),
        ("HTTPS_CERT_PASSWORD", "Server:Https:CertificatePassword"),
        ("DATABASE_URL", "Storage:DatabaseUrl"),
        ("SQLITE_PATH", "Storage:SqlitePath"),
        ("JWT_SECRET", "Auth:JwtSecret"),
        ("NUM_WORKERS", "Media:NumWorkers"),
        ("RTC_MIN_PORT", "Media:RtcMinPort"),
        ("RTC_MAX_PORT", "Media:RtcMaxPort"),
        ("LISTEN_IP", "Media:ListenIp"),
        ("ANNOUNCED_IP", "Media:AnnouncedIp"),
        ("LOG_LEVEL", "Logging:LogLevel:Default"),
    ];
}
