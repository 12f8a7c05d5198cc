using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using VibezLive.Media.Diagnostics;

namespace VibezLive.Media.Net;

/// <summary>
/// One UDP socket of a worker: a receive loop that hands pooled <see cref="Datagram"/>s to the worker, and a
/// synchronous, allocation-free <see cref="SendTo"/> used on the worker thread (UDP sends do not block on a healthy
/// socket; a full send buffer drops the datagram, which is counted).
/// </summary>
internal sealed class UdpListener : IDisposable
{
    private const int SocketBufferSize = 4 * 1024 * 1024;
    private readonly Socket _socket;
    private readonly DatagramPool _pool;
    private readonly Func<Datagram, bool> _deliver;
    private readonly ILogger _logger;
    private readonly MediaMetrics _metrics;
    private readonly CancellationTokenSource _cts = new();
    private Task _receiveLoop = Task.CompletedTask;

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

    /// <summary>Binds the first free port of [minPort, maxPort] (0/0 = ephemeral).</summary>
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

    public void Start() => _receiveLoop = Task.Run(ReceiveLoopAsync);

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

    /// <summary>Sends one datagram now; returns false (counted) when the kernel refused it.</summary>
    public bool SendTo(ReadOnlySpan<byte> datagram, SocketAddress address)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, address);
            return true;
        }
        catch (SocketException)
        {
            _metrics.CountDrop("send_failed");
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _cts.Cancel();
        _socket.Dispose();
        try
        {
            _receiveLoop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // the loop only ends through cancellation/disposal
        }

        _cts.Dispose();
    }
}
