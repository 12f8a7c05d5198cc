namespace VibezLive.App.Signaling;

/// <summary><c>{ code, message }</c>: the error object of acks, CONNECT_ERROR data and REST error replies.</summary>
public sealed record ErrorBody(string Code, string Message);
