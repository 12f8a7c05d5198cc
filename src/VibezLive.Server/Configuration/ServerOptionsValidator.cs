using Microsoft.Extensions.Options;

namespace VibezLive.Server.Configuration;

[OptionsValidator]
internal sealed partial class ServerOptionsDataValidator : IValidateOptions<ServerOptions>;

/// <summary>Checks beyond the data annotations: the certificate files exist, CORS origins are well-formed.</summary>
internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    private readonly ServerOptionsDataValidator _data = new();

    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var failures = new List<string>();
        var data = _data.Validate(name, options);
        if (data.Failed)
        {
            failures.AddRange(data.Failures);
        }

        if (options.Https.Enabled)
        {
            if (!File.Exists(options.Https.CertificateFile))
            {
                failures.Add($"HTTPS_CERT_FILE (Server:Https:CertificateFile) '{options.Https.CertificateFile}' does not exist.");
            }

            if (!string.IsNullOrEmpty(options.Https.KeyFile) && !File.Exists(options.Https.KeyFile))
            {
                failures.Add($"HTTPS_KEY_FILE (Server:Https:KeyFile) '{options.Https.KeyFile}' does not exist.");
            }
        }

        foreach (var origin in options.CorsOrigins)
        {
            if (origin != "*" && !Uri.TryCreate(origin, UriKind.Absolute, out _))
            {
                failures.Add($"CORS_ORIGINS entry '{origin}' is neither '*' nor an absolute origin such as https://example.com.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
