namespace VibezLive.App.Signaling;

/// <summary><c>{ error: { code, message } }</c>: a failed ack or REST call.</summary>
public sealed record ErrorReply(ErrorBody Error)
{
    public static ErrorReply Of(string code, string message) => new(new ErrorBody(code, message));
}
