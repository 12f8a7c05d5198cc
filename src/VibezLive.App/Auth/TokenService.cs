using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VibezLive.App.Options;
using VibezLive.App.Storage;

namespace VibezLive.App.Auth;

/// <summary>Issues and validates HS256 access tokens (RFC 7519 / RFC 7518 §3.2).</summary>
public sealed class TokenService
{
    public const string DisplayNameClaim = "displayName";
    public const string UsernameClaim = "username";

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly AuthOptions _options;
    private readonly TimeProvider _time;
    private readonly SigningCredentials _credentials;

    public TokenService(IOptions<AuthOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_options.JwtSecret ?? throw new InvalidOperationException("Auth:JwtSecret is not set.")));
        _credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        ValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.Audience,
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = UsernameClaim,
        };
    }

    /// <summary>Parameters shared with the HTTP bearer authentication handler.</summary>
    public TokenValidationParameters ValidationParameters { get; }

    public string Issue(UserRecord user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = _time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + _options.TokenLifetime,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Id,
                [UsernameClaim] = user.Username,
                [DisplayNameClaim] = user.DisplayName,
            },
        });
    }

    /// <summary>The token's user, or null when the token is malformed, forged, expired or not ours.</summary>
    public async Task<AuthenticatedUser?> ValidateAsync(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 8192)
        {
            return null;
        }

        var parameters = ValidationParameters.Clone();
        parameters.LifetimeValidator = (notBefore, expires, _, p) =>
        {
            var now = _time.GetUtcNow().UtcDateTime;
            return (notBefore is null || notBefore <= now + p.ClockSkew) && expires is not null && expires > now - p.ClockSkew;
        };
        var result = await _handler.ValidateTokenAsync(token, parameters);
        return result.IsValid ? FromClaims(result.ClaimsIdentity) : null;
    }

    public static AuthenticatedUser? FromClaims(ClaimsIdentity? identity)
    {
        var sub = identity?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        if (identity is null || string.IsNullOrEmpty(sub))
        {
            return null;
        }

        var username = identity.FindFirst(UsernameClaim)?.Value ?? sub;
        return new AuthenticatedUser(sub, username, identity.FindFirst(DisplayNameClaim)?.Value ?? username);
    }
}
