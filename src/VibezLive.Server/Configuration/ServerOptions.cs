using System.ComponentModel.DataAnnotations;

namespace VibezLive.Server.Configuration;

/// <summary>Section <c>Server</c>: the HTTP(S) endpoint. Environment: <c>PORT</c>, <c>CORS_ORIGINS</c>,
/// <c>HTTPS_CERT_FILE</c>/<c>HTTPS_KEY_FILE</c>/<c>HTTPS_CERT_PASSWORD</c>.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Server";

    /// <summary>Port of HTTP(S), Socket.IO and the web client, on every interface. Ignored when <c>--urls</c> or
    /// <c>ASPNETCORE_URLS</c> is given.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 3000;

    /// <summary>Origins allowed to call the API and Socket.IO from a browser; <c>*</c> = any. Empty = same origin only.</summary>
    public IList<string> CorsOrigins { get; } = [];

    public HttpsOptions Https { get; set; } = new();

    /// <summary>How long shutdown waits for peers to be told and rooms to close.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
