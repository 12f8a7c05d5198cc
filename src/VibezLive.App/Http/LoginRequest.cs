namespace VibezLive.App.Http;

/// <summary><c>username</c> or <c>email</c>, and <c>password</c>.</summary>
public sealed record LoginRequest(string? Username, string? Email, string? Password);
