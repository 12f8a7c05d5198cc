using Microsoft.Extensions.Logging;

namespace VibezLive.Media.Dtls;

/// <summary>Log messages of the DTLS layer (event ids 3100–3199).</summary>
internal static partial class DtlsLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "DTLS handshake starting as {Role}")]
    public static partial void HandshakeStarting(ILogger logger, DtlsRole role);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "DTLS handshake completed as {Role} in {ElapsedMs} ms, SRTP profile {Profile}")]
    public static partial void HandshakeCompleted(ILogger logger, DtlsRole role, long elapsedMs, VibezLive.Protocols.Srtp.SrtpProtectionProfile profile);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "DTLS handshake failed as {Role}: {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, DtlsRole role, string reason, Exception? exception);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "DTLS close_notify received from the peer")]
    public static partial void CloseNotifyReceived(ILogger logger);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "DTLS post-handshake record processing ended: {Reason}")]
    public static partial void PostHandshakeEnded(ILogger logger, string reason, Exception? exception);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Debug, Message = "DTLS close_notify sent")]
    public static partial void CloseNotifySent(ILogger logger);
}
