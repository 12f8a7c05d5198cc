namespace VibezLive.App.Options;

/// <summary>Users and tokens. Section <c>Auth</c>; environment: <c>JWT_SECRET</c>, <c>ALLOW_GUESTS</c>.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>HMAC-SHA256 key for access tokens (UTF-8, at least 32 bytes). Required outside Development; in
    /// Development a random per-process secret is used when unset (tokens then do not survive a restart).</summary>
    public string? JwtSecret { get; set; }

    /// <summary>Whether a Socket.IO handshake may carry <c>{ displayName }</c> instead of a token.
    /// Default: true in Development, false elsewhere.</summary>
    public bool? AllowGuests { get; set; }

    /// <summary>Lifetime of an access token. Default 7 days.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(7);

    public string Issuer { get; set; } = "vibezlive";

    public string Audience { get; set; } = "vibezlive";

    /// <summary>bcrypt work factor for new password hashes (hashes of any cost verify).</summary>
    public int BcryptWorkFactor { get; set; } = 10;
}
