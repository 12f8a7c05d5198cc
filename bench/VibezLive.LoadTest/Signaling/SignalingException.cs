namespace VibezLive.LoadTest.Signaling;

/// <summary>A request was acked with <c>{ error: { code, message } }</c> (PROTOCOL.md "Replies and errors").</summary>
internal sealed class SignalingException : Exception
{
    public SignalingException(string eventName, string code, string message)
        : base($"{eventName}: {code}: {message}")
    {
        Code = code;
    }

    public string Code { get; }
}
