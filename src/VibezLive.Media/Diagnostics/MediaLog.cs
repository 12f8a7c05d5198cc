using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace VibezLive.Media.Diagnostics;

/// <summary>The engine's log messages. Event ids: 1xx worker, 2xx ICE, 3xx DTLS, 4xx RTP, 5xx RTCP. Nothing per
/// packet above Trace.</summary>
internal static partial class MediaLog
{
    [LoggerMessage(100, LogLevel.Information, "Media worker {WorkerId} listening on UDP {UdpEndPoint}, ICE-TCP {TcpEndPoint}")]
    public static partial void WorkerStarted(ILogger logger, int workerId, string udpEndPoint, string tcpEndPoint);

    [LoggerMessage(104, LogLevel.Information, "Media worker {WorkerId} started; each transport binds its own ports in [{MinPort}, {MaxPort}]")]
    public static partial void WorkerStartedWithPortRange(ILogger logger, int workerId, int minPort, int maxPort);

    [LoggerMessage(101, LogLevel.Error, "Media worker {WorkerId}: unhandled exception in a work item")]
    public static partial void WorkItemFailed(ILogger logger, int workerId, Exception exception);

    [LoggerMessage(102, LogLevel.Debug, "UDP receive error {Error} (ignored)")]
    public static partial void SocketReceiveError(ILogger logger, SocketError error);

    [LoggerMessage(105, LogLevel.Debug, "UDP recvmmsg failed with errno {Errno} (ignored)")]
    public static partial void SocketReceiveErrno(ILogger logger, int errno);

    [LoggerMessage(103, LogLevel.Error, "Media worker {WorkerId}: an event handler threw; handlers must not throw")]
    public static partial void EventHandlerFailed(ILogger logger, int workerId, Exception exception);

    [LoggerMessage(200, LogLevel.Debug, "Transport {TransportId}: ICE state {State}")]
    public static partial void IceStateChanged(ILogger logger, string transportId, IceState state);

    [LoggerMessage(201, LogLevel.Debug, "Transport {TransportId}: selected tuple {Remote}")]
    public static partial void IceTupleSelected(ILogger logger, string transportId, string remote);

    [LoggerMessage(202, LogLevel.Trace, "STUN request rejected with {Code}: {Reason}")]
    public static partial void StunRejected(ILogger logger, int code, string reason);

    [LoggerMessage(203, LogLevel.Information, "Transport {TransportId}: ICE consent expired after {Timeout}; closing")]
    public static partial void IceConsentExpired(ILogger logger, string transportId, TimeSpan timeout);

    [LoggerMessage(300, LogLevel.Debug, "Transport {TransportId}: DTLS state {State}")]
    public static partial void DtlsStateChanged(ILogger logger, string transportId, Dtls.DtlsState state);

    [LoggerMessage(301, LogLevel.Information, "Transport {TransportId}: DTLS handshake failed")]
    public static partial void DtlsFailed(ILogger logger, string transportId, Exception exception);

    [LoggerMessage(302, LogLevel.Debug, "Transport {TransportId}: DTLS connected, SRTP profile {Profile}")]
    public static partial void DtlsConnected(ILogger logger, string transportId, Protocols.Srtp.SrtpProtectionProfile profile);

    [LoggerMessage(400, LogLevel.Trace, "RTP dropped: {Reason}")]
    public static partial void RtpDropped(ILogger logger, string reason);

    [LoggerMessage(401, LogLevel.Debug, "Producer {ProducerId}: key frame requested ({Kind})")]
    public static partial void KeyFrameRequested(ILogger logger, string producerId, string kind);

    [LoggerMessage(500, LogLevel.Trace, "RTCP dropped: {Reason}")]
    public static partial void RtcpDropped(ILogger logger, string reason);
}
