using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Prometheus;
using VibezLive.App;
using VibezLive.App.Http;
using VibezLive.Server.Configuration;

namespace VibezLive.Server;

/// <summary>Builds and runs the server: configuration, services, middleware and endpoints.</summary>
public static partial class ServerHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"vibezlive: configuration error: {e.Message}");
            return 1;
        }

        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("vibezlive: invalid configuration:");
            foreach (var failure in e.Failures)
            {
                await Console.Error.WriteLineAsync($"  - {failure}");
            }

            return 1;
        }
    }

    public static WebApplication Build(string[] args)
    {
        var legacy = new LegacyEnvironment(DotEnvFile.Read(Path.Combine(Directory.GetCurrentDirectory(), ".env")),
            Environment.GetEnvironmentVariables());
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            EnvironmentName = EnvironmentFromArgs(args) ?? legacy.EnvironmentName(),
        });

        // Defaults under everything else, so that the server is quiet and sane even when started from a directory
        // without appsettings.json (the content root is the working directory).
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            },
        });

        // Precedence, lowest first: the defaults above, appsettings.json, appsettings.{Environment}.json, .env (as Section__Key names),
        // environment variables, the original flat names (PORT, DATABASE_URL, ...), command line.
        builder.Configuration.AddInMemoryCollection(legacy.DotEnv
            .Where(kv => kv.Key.Contains("__", StringComparison.Ordinal))
            .Select(kv => new KeyValuePair<string, string?>(kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value)));
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(legacy.ToConfiguration());
        builder.Configuration.AddCommandLine(args);

        ConfigureMetrics();
        ConfigureServices(builder);
        var app = builder.Build();
        ConfigurePipeline(app);
        return app;
    }

    private static void ConfigureServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.SectionName).ValidateOnStart();
        var server = builder.Configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();

        services.Configure<HostOptions>(o => o.ShutdownTimeout = server.ShutdownTimeout);
        ConfigureKestrel(builder, server);

        services.AddCors(o => o.AddDefaultPolicy(policy =>
        {
            if (server.CorsOrigins.Contains("*"))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins([.. server.CorsOrigins]);
            }

            policy.AllowAnyHeader().AllowAnyMethod();
        }));

        services.AddVibezCore();
        services.AddVibezSignaling(server.CorsOrigins);
    }

    /// <summary>/metrics: prometheus-net's process metrics plus every System.Diagnostics.Metrics meter of ours
    /// (<c>VibezLive</c>, <c>VibezLive.Media</c>, ...), the runtime and ASP.NET Core; internal diagnostics meters are left out.</summary>
    private static void ConfigureMetrics()
    {
        Metrics.ConfigureMeterAdapter(o => o.InstrumentFilterPredicate = instrument =>
            !instrument.Meter.Name.StartsWith("Private.", StringComparison.Ordinal));

        // The bridge starts listening at the first collection: collect once now, so that measurements made before
        // the first scrape (counters, histograms) are not lost.
        Metrics.DefaultRegistry.CollectAndExportAsTextAsync(Stream.Null).GetAwaiter().GetResult();
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder, ServerOptions server)
    {
        // --urls / ASPNETCORE_URLS win; otherwise listen on PORT on every interface (dual-stack).
        if (!string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            return;
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(server.Port, listen =>
        {
            if (server.Https.Enabled)
            {
                listen.UseHttps(LoadCertificate(server.Https));
            }
        }));
    }

    private static X509Certificate2 LoadCertificate(HttpsOptions https)
    {
        var file = https.CertificateFile!;
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"HTTPS_CERT_FILE '{file}' does not exist.");
        }

        return string.IsNullOrEmpty(https.KeyFile)
            ? X509CertificateLoader.LoadPkcs12FromFile(file, https.CertificatePassword)
            : X509Certificate2.CreateFromPemFile(file, https.KeyFile);
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseCors();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        // Liveness: the process answers. Readiness: storage (and the media workers) are usable.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(AppServiceCollectionExtensions.ReadinessTag) });
        app.MapMetrics("/metrics");
        app.MapAuthEndpoints();
        app.MapRoomEndpoints();
        app.MapSocketIO();
    }

    private static string? EnvironmentFromArgs(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--environment" or "--Environment" && i + 1 < args.Length)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith("--environment=", StringComparison.OrdinalIgnoreCase))
            {
                return args[i]["--environment=".Length..];
            }
        }

        return null;
    }
}
