using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace VibezLive.Media.Dtls;

/// <summary>
/// DTLS 1.2 with use_srtp (RFC 5764) as client or server; the only place BouncyCastle's blocking API lives.
/// <para>
/// The handshake runs on a dedicated thread (BouncyCastle blocks in <c>Receive</c>), bounded by an overall timeout and
/// by a process-wide limit on concurrent handshakes; retransmission is BouncyCastle's. Inbound datagrams are copied
/// into a bounded queue from any thread. After the handshake the only work left is answering retransmitted flights
/// and noticing close_notify, done on the thread pool when a DTLS datagram arrives; no thread stays parked per transport.
/// </para>
/// </summary>
public sealed class DtlsTransport : IDisposable
{
    /// <summary>Default for <see cref="SetMaxConcurrentHandshakes"/>.</summary>
    public const int DefaultMaxConcurrentHandshakes = 32;

    private static SemaphoreSlim s_handshakeLimiter = new(DefaultMaxConcurrentHandshakes);
    private static readonly SecureRandom s_random = new();

    private readonly DtlsCertificate _certificate;
    private readonly DtlsRole _role;
    private readonly IReadOnlyList<DtlsFingerprint> _remoteFingerprints;
    private readonly ILogger _logger;
    private readonly TimeSpan _handshakeTimeout;
    private readonly DtlsDatagramQueue _queue;
    private readonly DtlsPeerOutcome _outcome = new();
    private readonly CancellationTokenSource _closeCts = new();
    private readonly Lock _bcLock = new();
    private BcDtlsTransport? _bcTransport;
    private int _state = (int)DtlsState.New;
    private int _handshakeStarted;
    private int _draining;
    private int _closed;

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
        if (role is not (DtlsRole.Client or DtlsRole.Server))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "The DTLS role must be resolved to Client or Server.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(handshakeTimeout, TimeSpan.Zero);
        _certificate = certificate;
        _role = role;
        _remoteFingerprints = remoteFingerprints.ToArray();
        _logger = logger;
        _handshakeTimeout = handshakeTimeout;
        _queue = new DtlsDatagramQueue(sendDatagram);
        _outcome.CloseNotifyReceived = OnCloseNotify;
    }

    public DtlsState State => (DtlsState)Volatile.Read(ref _state);

    /// <summary>Raised (on a thread-pool thread) when the peer sent close_notify after the handshake completed.</summary>
    public event Action? Closed;

    /// <summary>Inbound datagrams dropped because the queue was full.</summary>
    public long DroppedDatagrams => _queue.Dropped;

    /// <summary>
    /// Limits handshakes running at the same time in this process (each holds a thread while it runs). Applies to
    /// handshakes started afterwards; call at startup (from options).
    /// </summary>
    public static void SetMaxConcurrentHandshakes(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        Interlocked.Exchange(ref s_handshakeLimiter, new SemaphoreSlim(max));
    }

    /// <summary>Copies the datagram; callable from the worker thread; never blocks.</summary>
    public void OnDatagramReceived(ReadOnlySpan<byte> datagram)
    {
        DtlsState state = State;
        if (state is DtlsState.Closed or DtlsState.Failed)
        {
            return;
        }

        _queue.Enqueue(datagram);
        if (state == DtlsState.Connected)
        {
            ScheduleDrain();
        }
    }

    /// <summary>
    /// Runs the handshake off the caller's thread and returns the SRTP keys. Throws <see cref="DtlsHandshakeException"/>
    /// on failure, timeout or fingerprint mismatch, <see cref="OperationCanceledException"/> when <paramref name="ct"/> fires.
    /// Callable once.
    /// </summary>
    public Task<SrtpKeys> HandshakeAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _handshakeStarted, 1) != 0)
        {
            throw new InvalidOperationException("The DTLS handshake was already started.");
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) != 0, this);
        return RunHandshakeAsync(ct);
    }

    /// <summary>Sends close_notify if connected; idempotent. Aborts a handshake in progress.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        DtlsState previous = (DtlsState)Interlocked.Exchange(ref _state, (int)DtlsState.Closed);
        _closeCts.Cancel();
        if (previous == DtlsState.Connected)
        {
            lock (_bcLock)
            {
                try
                {
                    _bcTransport?.Close(); // sends close_notify, then closes the datagram queue
                    DtlsLog.CloseNotifySent(_logger);
                }
                catch (Exception e) when (e is IOException or TlsException)
                {
                    DtlsLog.PostHandshakeEnded(_logger, "close failed", e);
                }
            }
        }

        _queue.Close();
    }

    public void Dispose()
    {
        Close();
        _closeCts.Dispose();
    }

    private async Task<SrtpKeys> RunHandshakeAsync(CancellationToken ct)
    {
        SetState(DtlsState.Connecting);
        DtlsLog.HandshakeStarting(_logger, _role);
        long started = Stopwatch.GetTimestamp();
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct, _closeCts.Token);
        timeoutCts.CancelAfter(_handshakeTimeout);
        SemaphoreSlim limiter = Volatile.Read(ref s_handshakeLimiter);
        bool entered = false;
        try
        {
            await limiter.WaitAsync(timeoutCts.Token).ConfigureAwait(false);
            entered = true;

            // Cancellation (timeout, Close, caller) closes the queue, which makes BouncyCastle's blocked Receive throw.
            using CancellationTokenRegistration abort = timeoutCts.Token.Register(static q => ((DtlsDatagramQueue)q!).Close(), _queue);
            SrtpKeys keys = await Task.Factory.StartNew(
                RunHandshake, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);

            if (Interlocked.CompareExchange(ref _state, (int)DtlsState.Connected, (int)DtlsState.Connecting) != (int)DtlsState.Connecting)
            {
                throw new DtlsHandshakeException("The DTLS transport was closed during the handshake.");
            }

            DtlsLog.HandshakeCompleted(_logger, _role, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, keys.Profile);
            if (_queue.Count > 0)
            {
                ScheduleDrain(); // e.g. a retransmitted final flight that arrived meanwhile
            }

            return keys;
        }
        catch (Exception e)
        {
            _queue.Close();
            Interlocked.CompareExchange(ref _state, (int)DtlsState.Failed, (int)DtlsState.Connecting);
            if (ct.IsCancellationRequested)
            {
                DtlsLog.HandshakeFailed(_logger, _role, "canceled", null);
                throw new OperationCanceledException("The DTLS handshake was canceled.", e, ct);
            }

            string reason = _closeCts.IsCancellationRequested ? "the transport was closed"
                : timeoutCts.IsCancellationRequested || e is TlsTimeoutException ? $"timed out after {_handshakeTimeout.TotalSeconds:0.###} s"
                : _outcome.FailureReason ?? e.Message;
            DtlsLog.HandshakeFailed(_logger, _role, reason, e is DtlsHandshakeException ? null : e);
            throw e as DtlsHandshakeException ?? new DtlsHandshakeException($"DTLS handshake failed: {reason}", e);
        }
        finally
        {
            if (entered)
            {
                limiter.Release();
            }
        }
    }

    [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The BouncyCastle transport lives as long as this object; Close disposes it.")]
    private SrtpKeys RunHandshake()
    {
        var crypto = new BcTlsCrypto(s_random);
        int timeoutMillis = (int)Math.Min(int.MaxValue, _handshakeTimeout.TotalMilliseconds);
        BcDtlsTransport transport;
        if (_role == DtlsRole.Server)
        {
            var server = new DtlsSrtpServer(crypto, _certificate, _remoteFingerprints, timeoutMillis, _outcome);
            transport = new DtlsServerProtocol().Accept(server, _queue);
        }
        else
        {
            var client = new DtlsSrtpClient(crypto, _certificate, _remoteFingerprints, timeoutMillis, _outcome);
            transport = new DtlsClientProtocol().Connect(client, _queue);
        }

        lock (_bcLock)
        {
            _bcTransport = transport;
        }

        if (_outcome.Profile is not { } profile || _outcome.KeyingMaterial is not { } material)
        {
            throw new DtlsHandshakeException("The DTLS handshake completed without negotiating use_srtp.");
        }

        SrtpKeys keys = DtlsSrtpProfiles.Split(profile, material, isServer: _role == DtlsRole.Server);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(material);
        return keys;
    }

    private void ScheduleDrain()
    {
        if (Interlocked.Exchange(ref _draining, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static t => t.Drain(), this, preferLocal: false);
        }
    }

    /// <summary>
    /// Feeds queued post-handshake datagrams through BouncyCastle: it answers a retransmitted final flight and reports
    /// close_notify (through <see cref="DtlsPeerOutcome.CloseNotifyReceived"/>). Application data is not used and dropped.
    /// </summary>
    private void Drain()
    {
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                lock (_bcLock)
                {
                    while (_bcTransport is not null && State == DtlsState.Connected && _queue.Count > 0)
                    {
                        // Short wait: the datagram is already queued; BouncyCastle returns -1 once it has consumed it.
                        _bcTransport.Receive(buffer, 0, buffer.Length, 1);
                    }
                }

                Volatile.Write(ref _draining, 0);
                if (_queue.Count == 0 || State != DtlsState.Connected || Interlocked.Exchange(ref _draining, 1) != 0)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or TlsException or ObjectDisposedException)
        {
            DtlsLog.PostHandshakeEnded(_logger, "receive failed", e);
            Volatile.Write(ref _draining, 0);
            if (Interlocked.CompareExchange(ref _state, (int)DtlsState.Closed, (int)DtlsState.Connected) == (int)DtlsState.Connected)
            {
                Interlocked.Exchange(ref _closed, 1);
                _queue.Close();
                Closed?.Invoke();
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void OnCloseNotify()
    {
        DtlsLog.CloseNotifyReceived(_logger);

        // Only a close after the handshake is a "Closed" event; during the handshake it is a failure. This runs inside
        // BouncyCastle's receive (under _bcLock), so subscribers are called from a fresh work item instead.
        if (Interlocked.CompareExchange(ref _state, (int)DtlsState.Closed, (int)DtlsState.Connected) == (int)DtlsState.Connected)
        {
            Interlocked.Exchange(ref _closed, 1);
            _queue.Close();
            ThreadPool.UnsafeQueueUserWorkItem(static t => t.Closed?.Invoke(), this, preferLocal: false);
        }
    }

    private void SetState(DtlsState state) => Volatile.Write(ref _state, (int)state);
}
