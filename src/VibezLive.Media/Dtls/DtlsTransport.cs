using Microsoft.Extensions.Logging;

namespace VibezLive.Media.Dtls;

/// <summary>DTLS 1.2 with use_srtp (RFC 5764). The only place BouncyCastle's blocking API lives.</summary>
public sealed class DtlsTransport : IDisposable
{
    public DtlsTransport(
        DtlsCertificate certificate,
        DtlsRole role,
        IReadOnlyList<DtlsFingerprint> remoteFingerprints,
        Action<ReadOnlyMemory<byte>> sendDatagram,
        ILogger logger,
        TimeSpan handshakeTimeout)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(remoteFingerprints);
        ArgumentNullException.ThrowIfNull(sendDatagram);
        ArgumentNullException.ThrowIfNull(logger);
        _ = role;
        _ = handshakeTimeout;
    }

    public DtlsState State { get; private set; }

    /// <summary>Raised when the peer sent close_notify after the handshake completed.</summary>
    public event Action? Closed;

    /// <summary>Copies the datagram; callable from the worker thread; never blocks.</summary>
    public void OnDatagramReceived(ReadOnlySpan<byte> datagram)
    {
        if (State == DtlsState.Closed)
        {
            return;
        }

        _ = datagram;
    }

    /// <summary>Runs the handshake off the caller's thread.</summary>
    public Task<SrtpKeys> HandshakeAsync(CancellationToken ct)
    {
        State = DtlsState.Failed;
        return Task.FromException<SrtpKeys>(new DtlsHandshakeException("Not implemented yet."));
    }

    /// <summary>Sends close_notify if connected; idempotent.</summary>
    public void Close()
    {
        State = DtlsState.Closed;
        Closed?.Invoke();
    }

    public void Dispose() => Close();
}
