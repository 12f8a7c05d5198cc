namespace VibezLive.App.Signaling.Messages;

/// <summary>The CONNECT_ERROR packet body as the reference server writes it for <c>next(err)</c> with
/// <c>err.data</c>: socket.io-client turns it into an Error whose <c>message</c> is <see cref="Message"/> and whose
/// <c>data</c> is <see cref="Data"/> (<c>{ code, message }</c>).</summary>
public sealed record ConnectErrorPayload(string Message, ErrorBody Data);
