using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace VibezLive.App.Options;

/// <summary>Fills the environment-dependent defaults of <see cref="AuthOptions"/> and validates the result.</summary>
internal sealed class AuthOptionsSetup(IHostEnvironment environment) : IPostConfigureOptions<AuthOptions>, IValidateOptions<AuthOptions>
{
    /// <summary>HS256 keys shorter than the hash output weaken the MAC (RFC 7518 §3.2 requires at least 256 bits).</summary>
    public const int MinimumSecretBytes = 32;

    private static readonly string DevelopmentSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    public void PostConfigure(string? name, AuthOptions options)
    {
        options.AllowGuests ??= environment.IsDevelopment();
        if (string.IsNullOrEmpty(options.JwtSecret) && environment.IsDevelopment())
        {
            options.JwtSecret = DevelopmentSecret;
        }
    }

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.JwtSecret))
        {
            failures.Add($"JWT_SECRET (Auth:JwtSecret) is required when the environment is '{environment.EnvironmentName}': set a random secret of at least {MinimumSecretBytes} bytes, e.g. `openssl rand -hex 32`.");
        }
        else if (Encoding.UTF8.GetByteCount(options.JwtSecret) < MinimumSecretBytes)
        {
            failures.Add($"JWT_SECRET (Auth:JwtSecret) is too short: HS256 needs at least {MinimumSecretBytes} bytes (RFC 7518 §3.2).");
        }

        if (options.TokenLifetime <= TimeSpan.Zero || options.TokenLifetime > TimeSpan.FromDays(365))
        {
            failures.Add("Auth:TokenLifetime must be between 1 second and 365 days.");
        }

        if (options.BcryptWorkFactor is < 4 or > 31)
        {
            failures.Add("Auth:BcryptWorkFactor must be between 4 and 31.");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer) || string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Auth:Issuer and Auth:Audience must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
