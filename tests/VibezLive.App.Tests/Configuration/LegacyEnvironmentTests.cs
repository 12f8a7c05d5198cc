using System.Collections;
using VibezLive.Server.Configuration;

namespace VibezLive.App.Tests.Configuration;

public sealed class LegacyEnvironmentTests
{
    [Theory]
    [InlineData(null, null, "Development")]
    [InlineData("production", null, "Production")]
    [InlineData("development", null, "Development")]
    [InlineData("production", "Staging", "Staging")]
    public void The_environment_defaults_to_development_and_understands_node_env(string? nodeEnv, string? aspnet, string expected)
    {
        var vars = new Hashtable();
        if (nodeEnv is not null)
        {
            vars["NODE_ENV"] = nodeEnv;
        }

        if (aspnet is not null)
        {
            vars["ASPNETCORE_ENVIRONMENT"] = aspnet;
        }

        Assert.Equal(expected, new LegacyEnvironment(new Dictionary<string, string>(), vars).EnvironmentName());
    }

    [Fact]
    public void Flat_names_map_to_configuration_keys_and_the_process_wins_over_dotenv()
    {
        var dotEnv = new Dictionary<string, string> { ["PORT"] = "4000", ["JWT_SECRET"] = "from-file", ["NODE_ENV"] = "production" };
        var process = new Hashtable
        {
            ["PORT"] = "5000",
            ["CORS_ORIGINS"] = "https://a.example, https://b.example ,*",
            ["ALLOW_GUESTS"] = "0",
            ["RTC_MIN_PORT"] = "41000",
            ["ANNOUNCED_IP"] = "203.0.113.7",
            ["MONGODB_URI"] = "mongodb://x",
            ["DEBUG"] = "mediasoup*",
        };
        var legacy = new LegacyEnvironment(dotEnv, process);
        var config = legacy.ToConfiguration().ToDictionary(kv => kv.Key, kv => kv.Value);

        Assert.Equal("5000", config["Server:Port"]);
        Assert.Equal("from-file", config["Auth:JwtSecret"]);
        Assert.Equal("false", config["Auth:AllowGuests"]);
        Assert.Equal(new[] { "https://a.example", "https://b.example", "*" }, new[] { config["Server:CorsOrigins:0"]!, config["Server:CorsOrigins:1"]!, config["Server:CorsOrigins:2"]! });
        Assert.Equal("41000", config["Media:RtcMinPort"]);
        Assert.Equal("203.0.113.7", config["Media:AnnouncedIp"]);
        Assert.Equal("mongodb://x", config["Storage:MongoDbUri"]);
        Assert.Equal("Debug", config["Logging:LogLevel:VibezLive.Media"]);
        Assert.Equal("Production", legacy.EnvironmentName());
    }

    [Theory]
    [InlineData("USE_WEBRTC_SERVER", "off", "Media:UseWebRtcServer", "false")]
    [InlineData("ENABLE_UDP", "0", "Media:EnableUdp", "false")]
    [InlineData("ENABLE_TCP", "yes", "Media:EnableTcp", "true")]
    [InlineData("PREFER_UDP", "FALSE", "Media:PreferUdp", "false")]
    [InlineData("ENABLE_TCP", "maybe", "Media:EnableTcp", "maybe")] // left for the options binder to refuse
    public void Media_flags_map_to_booleans(string name, string value, string key, string expected)
    {
        var config = new LegacyEnvironment(new Dictionary<string, string>(), new Hashtable { [name] = value })
            .ToConfiguration().ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(expected, config[key]);
    }

    [Fact]
    public void Dotenv_files_are_parsed_like_dotenv()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "# comment\nPORT=4000\nexport JWT_SECRET=\"a b#c\"\nNAME='single'\nEMPTY=\nTRAIL=value # comment\n  bad line\n");
        try
        {
            var values = DotEnvFile.Read(path);
            Assert.Equal("4000", values["PORT"]);
            Assert.Equal("a b#c", values["JWT_SECRET"]);
            Assert.Equal("single", values["NAME"]);
            Assert.Equal("", values["EMPTY"]);
            Assert.Equal("value", values["TRAIL"]);
            Assert.False(values.ContainsKey("bad line"));
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Empty(DotEnvFile.Read("/nonexistent/.env"));
    }
}
