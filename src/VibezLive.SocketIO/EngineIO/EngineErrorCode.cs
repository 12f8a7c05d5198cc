namespace VibezLive.SocketIO.EngineIO;

/// <summary>The Engine.IO server's error codes, returned as <c>{"code":n,"message":"..."}</c> with HTTP 400 (403 for Forbidden).</summary>
public enum EngineErrorCode
{
    UnknownTransport = 0,
    UnknownSid = 1,
    BadHandshakeMethod = 2,
    BadRequest = 3,
    Forbidden = 4,
    UnsupportedProtocolVersion = 5,
}
