namespace VibezLive.App.Storage;

/// <summary>A registered user.</summary>
public sealed class UserRecord
{
    public required string Id { get; set; }

    /// <summary>As typed at registration (shown to others).</summary>
    public required string Username { get; set; }

    /// <summary>Lower-case <see cref="Username"/>: unique, used for look-ups.</summary>
    public required string NormalizedUsername { get; set; }

    public required string DisplayName { get; set; }

    public string? Email { get; set; }

    /// <summary>bcrypt hash (<c>$2a$</c>/<c>$2b$</c>/<c>$2y$</c>), compatible with Node's bcrypt and bcryptjs.</summary>
    public required string PasswordHash { get; set; }

    public DateTime CreatedAt { get; set; }
}
