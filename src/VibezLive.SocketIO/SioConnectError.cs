namespace VibezLive.SocketIO;

/// <summary>
/// Returned by a namespace middleware to refuse a connection: the client receives CONNECT_ERROR whose payload is
/// <see cref="Data"/> serialized to JSON (for example <c>new { message = "unauthorized" }</c>). The Engine.IO
/// connection stays open.
/// </summary>
public sealed record SioConnectError(object Data);
