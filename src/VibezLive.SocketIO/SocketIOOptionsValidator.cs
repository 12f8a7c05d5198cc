using Microsoft.Extensions.Options;

namespace VibezLive.SocketIO;

/// <summary>Rejects option values that would make the server misbehave (checked at start).</summary>
internal sealed class SocketIOOptionsValidator : IValidateOptions<SocketIOOptions>
{
    public ValidateOptionsResult Validate(string? name, SocketIOOptions options)
    {
        var failures = new List<string>();
        if (options.PingInterval <= TimeSpan.Zero) failures.Add("PingInterval must be positive.");
        if (options.PingTimeout <= TimeSpan.Zero) failures.Add("PingTimeout must be positive.");
        if (options.ConnectTimeout <= TimeSpan.Zero) failures.Add("ConnectTimeout must be positive.");
        if (options.UpgradeTimeout <= TimeSpan.Zero) failures.Add("UpgradeTimeout must be positive.");
        if (options.MaxHttpBufferSize < 1024) failures.Add("MaxHttpBufferSize must be at least 1024 bytes.");
        if (options.MaxAttachments < 0) failures.Add("MaxAttachments must not be negative.");
        if (options.MaxPendingPackets < 16) failures.Add("MaxPendingPackets must be at least 16.");
        if (options.MaxPendingEvents < 1) failures.Add("MaxPendingEvents must be at least 1.");
        if (!options.AllowPolling && !options.AllowWebSocket) failures.Add("At least one transport must be allowed.");
        if (options.JsonSerializerOptions is null) failures.Add("JsonSerializerOptions is required.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
