using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using VibezLive.Media.Diagnostics;

namespace VibezLive.Media.Net;

/// <summary>
/// One UDP socket of a worker (or, with per-transport ports, of one transport): a receive loop that hands pooled
/// <see cref="Datagram"/>s to the worker, and a synchronous, allocation-free <see cref="Send"/> used on the worker
/// thread (UDP sends do not block on a healthy socket; a full send buffer drops the datagram, which is counted).
/// </summary>
internal sealed class UdpListener : IMediaSocket, IDisposable
{
    private const int SocketBufferSize = 4 * 1024 * 1024;
    private readonly Socket _socket;
    private readonly DatagramPool _pool;
    private readonly Func<Datagram, bool> _deliver;
    private readonly ILogger _logger;
    private readonly MediaMetrics _metrics;
    private readonly CancellationTokenSource _cts = new();
    private int _disposed;

    private UdpListener(Socket socket, Func<Datagram, bool> deliver, ILogger logger, MediaMetrics metrics)
    {
        _socket = socket;
        _deliver = deliver;
        _logger = logger;
        _metrics = metrics;
        _pool = new DatagramPool(socket.AddressFamily);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public DatagramPool Pool => _pool;

    public ProtocolType Protocol => ProtocolType.Udp;

    public int LocalPort => LocalEndPoint.Port;

    /// <summary>Set once by the <see cref="WebRtcServer"/> that owns this socket, before <see cref="Start"/>.</summary>
    public WebRtcServer Server { get; set; } = null!;

    /// <summary>Binds the first free port of [minPort, maxPort], trying from the <paramref name="skip"/>-th (0/0 = an
    /// ephemeral port). Throws <see cref="InvalidOperationException"/> when every port of the range is taken.</summary>
    public static UdpListener Bind(IPAddress address, int minPort, int maxPort, int skip, Func<Datagram, bool> deliver, ILogger logger, MediaMetrics metrics)
    {
        var span = maxPort - minPort + 1;
        for (var attempt = 0; attempt < Math.Max(1, span); attempt++)
        {
            var port = minPort == 0 && maxPort == 0 ? 0 : minPort + ((skip + attempt) % span);
            var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.ReceiveBufferSize = SocketBufferSize;
                socket.SendBufferSize = SocketBufferSize;
                socket.Bind(new IPEndPoint(address, port));
                return new UdpListener(socket, deliver, logger, metrics);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && port != 0)
            {
                socket.Dispose();
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new InvalidOperationException($"no free UDP port in [{minPort}, {maxPort}] on {address}");
    }

    /// <summary>Starts receiving: on a thread of its own with <c>recvmmsg</c> batches when
    /// <paramref name="dedicatedThread"/> (a worker's shared socket, busy all the time), else an asynchronous loop on
    /// the thread pool (a transport's private socket: a thread each would not scale to thousands).</summary>
    public void Start(bool dedicatedThread = false)
    {
        if (dedicatedThread && UdpReceiveBatch.IsSupported)
        {
            new Thread(ReceiveThread) { IsBackground = true, Name = $"media-recv-{LocalPort}" }.Start();
        }
        else
        {
            _ = Task.Run(ReceiveLoopAsync);
        }
    }

    /// <summary>How long the receive thread waits before it looks whether the socket is closing.</summary>
    private const int ReceiveWaitMs = 200;

    private void ReceiveThread()
    {
        var batch = new UdpReceiveBatch();
        var received = new Datagram[UdpReceiveBatch.Capacity];
        try
        {
            while (Volatile.Read(ref _disposed) == 0)
            {
                switch (batch.Receive(_socket.SafeHandle, _pool, ReceiveWaitMs, received, out var count, out var error))
                {
                    case UdpReceiveBatch.Outcome.Received:
                        for (var i = 0; i < count; i++)
                        {
                            Deliver(received[i]);
                            received[i] = null!;
                        }

                        break;
                    case UdpReceiveBatch.Outcome.Error:
                        // ICMP errors surface here; the socket stays usable.
                        MediaLog.SocketReceiveErrno(_logger, error);
                        break;
                    case UdpReceiveBatch.Outcome.Closed:
                        return;
                }
            }
        }
        finally
        {
            batch.Dispose(_pool);
        }
    }

    private void Deliver(Datagram datagram)
    {
        if (datagram.Length < 0)
        {
            _metrics.CountDrop("truncated");
            _pool.Return(datagram);
            return;
        }

        datagram.Source = this;
        if (!_deliver(datagram))
        {
            _metrics.CountDrop("queue_full");
            _pool.Return(datagram);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var ct = _cts.Token;
        while (!ct.IsCancellationRequested)
        {
            var datagram = _pool.Rent();
            int length;
            try
            {
                length = await _socket.ReceiveFromAsync(datagram.Buffer.AsMemory(), SocketFlags.None, datagram.Address, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _pool.Return(datagram);
                break;
            }
            catch (ObjectDisposedException)
            {
                _pool.Return(datagram);
                break;
            }
            catch (SocketException ex)
            {
                // ICMP errors surface here on some platforms; the socket stays usable.
                _pool.Return(datagram);
                MediaLog.SocketReceiveError(_logger, ex.SocketErrorCode);
                continue;
            }

            datagram.Length = length;
            datagram.Source = this;
            if (!_deliver(datagram))
            {
                _metrics.CountDrop("queue_full");
                _pool.Return(datagram);
            }
        }
    }

    /// <summary>Sends one datagram, or queues it in <see cref="SendBatch"/>; returns false (counted) when it was dropped.</summary>
    public bool Send(ReadOnlySpan<byte> packet, SocketAddress remote) =>
        SendBatch is { } batch ? batch.Add(this, packet, remote) : SendNow(packet, remote);

    /// <summary>The worker's batch that <see cref="Send"/> queues into (flushed after each work item); null: every
    /// datagram is sent at once.</summary>
    public UdpSendBatch? SendBatch { get; set; }

    internal SafeSocketHandle Handle => _socket.SafeHandle;

    /// <summary>One <c>sendto(2)</c> now.</summary>
    public bool SendNow(ReadOnlySpan<byte> packet, SocketAddress remote)
    {
        try
        {
            _socket.SendTo(packet, SocketFlags.None, remote);
            return true;
        }
        catch (SocketException)
        {
            CountSendFailure();
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    internal void CountSendFailure() => _metrics.CountDrop("send_failed");

    /// <summary>Closes the socket (its port is free again at once) without waiting for the receive loop: it ends on
    /// its own, and a datagram it still hands over is refused or dropped by the worker. Safe on the worker thread.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _cts.Cancel();
        _socket.Dispose();
        _cts.Dispose();
    }
}
