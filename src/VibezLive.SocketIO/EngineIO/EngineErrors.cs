namespace VibezLive.SocketIO.EngineIO;

/// <summary>Messages and HTTP statuses of <see cref="EngineErrorCode"/> (the reference server's texts).</summary>
public static class EngineErrors
{
    /// <summary>The message clients see for <paramref name="code"/>.</summary>
    public static string Message(EngineErrorCode code) => code switch
    {
        EngineErrorCode.UnknownTransport => "Transport unknown",
        EngineErrorCode.UnknownSid => "Session ID unknown",
        EngineErrorCode.BadHandshakeMethod => "Bad handshake method",
        EngineErrorCode.BadRequest => "Bad request",
        EngineErrorCode.Forbidden => "Forbidden",
        EngineErrorCode.UnsupportedProtocolVersion => "Unsupported protocol version",
        _ => "Bad request",
    };

    /// <summary>HTTP status for <paramref name="code"/>.</summary>
    public static int StatusCode(EngineErrorCode code) => code == EngineErrorCode.Forbidden ? 403 : 400;
}
