namespace VibezLive.App.Http;

public sealed record UserInfo(string Id, string Username, string DisplayName);
