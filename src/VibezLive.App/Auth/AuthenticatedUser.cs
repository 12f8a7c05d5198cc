namespace VibezLive.App.Auth;

/// <summary>The identity carried by a valid access token.</summary>
public sealed record AuthenticatedUser(string UserId, string Username, string DisplayName);
