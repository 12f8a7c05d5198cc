namespace VibezLive.App.Http;

/// <summary>Names of the HTTP rate-limiting policies (registered by <c>AddVibezApp</c>).</summary>
public static class RateLimiting
{
    /// <summary>Register and login: per client address, against password guessing.</summary>
    public const string AuthPolicy = "auth";
}
