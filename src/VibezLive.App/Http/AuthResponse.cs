namespace VibezLive.App.Http;

/// <summary>Reply of register and login: the access token to send as <c>Authorization: Bearer</c> or in the Socket.IO
/// handshake's <c>auth: { token }</c>.</summary>
public sealed record AuthResponse(string Token, UserInfo User);
