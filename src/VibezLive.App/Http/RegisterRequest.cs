namespace VibezLive.App.Http;

public sealed record RegisterRequest(string? Username, string? Password, string? DisplayName, string? Email);
