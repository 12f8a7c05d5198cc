using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using VibezLive.Media.Diagnostics;

namespace VibezLive.Media.Net;

/// <summary>
/// The passive side of ICE-TCP (RFC 6544 passive candidates: the server only accepts connections): a listening socket whose connections carry
/// STUN, DTLS, RTP and RTCP in RFC 4571 frames. Accepting and reading run off the worker thread; each accepted
/// <see cref="IceTcpConnection"/> is announced to the worker, which owns all routing decisions.
/// </summary>
internal sealed class IceTcpListener : IDisposable
{
    private const int ListenBacklog = 128;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _cts = new();

    // Only for shutdown (accept/close, never per packet): the worker-side bookkeeping lives in WebRtcServer.
    private readonly ConcurrentDictionary<IceTcpConnection, byte> _connections = new();
    private int _connectionCount;

    private IceTcpListener(Socket socket, MediaWorker worker)
    {
        _socket = socket;
        Worker = worker;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        Pool = new DatagramPool(socket.AddressFamily);
    }

    public IPEndPoint LocalEndPoint { get; }

    public int LocalPort => LocalEndPoint.Port;

    /// <summary>Datagrams for the frames of every connection of this listener.</summary>
    public DatagramPool Pool { get; }

    public MediaWorker Worker { get; }

    /// <summary>Set once by the owning <see cref="WebRtcServer"/> before <see cref="Start"/>.</summary>
    public WebRtcServer Server { get; set; } = null!;

    /// <summary>Open connections.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Listens on <paramref name="preferredPort"/> when it is free (the port number of the UDP socket, as
    /// mediasoup does), else on the first free port of [minPort, maxPort] from the <paramref name="skip"/>-th (0/0 =
    /// ephemeral). Throws <see cref="InvalidOperationException"/> when no port is free.</summary>
    public static IceTcpListener Bind(MediaWorker worker, IPAddress address, int preferredPort, int minPort, int maxPort, int skip)
    {
        if (preferredPort != 0 && TryListen(address, preferredPort) is { } preferred)
        {
            return new IceTcpListener(preferred, worker);
        }

        var span = maxPort - minPort + 1;
        for (var attempt = 0; attempt < Math.Max(1, span); attempt++)
        {
            var port = minPort == 0 && maxPort == 0 ? 0 : minPort + ((skip + attempt) % span);
            if (TryListen(address, port) is { } socket)
            {
                return new IceTcpListener(socket, worker);
            }
        }

        throw new InvalidOperationException($"no free TCP port in [{minPort}, {maxPort}] on {address}");
    }

    private static Socket? TryListen(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                // Lets a port whose previous connections sit in TIME_WAIT listen again (per-transport ports come back
                // quickly); on Linux it never allows two listeners on one port.
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(ListenBacklog);
            return socket;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && port != 0)
        {
            socket.Dispose();
            return null;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Start() => _ = Task.Run(AcceptLoopAsync);

    private async Task AcceptLoopAsync()
    {
        var ct = _cts.Token;
        var metrics = Worker.Metrics;
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _socket.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                // A connection reset before we accepted it; the listener is fine.
                MediaLog.SocketReceiveError(Worker.Loggers.Worker, ex.SocketErrorCode);
                continue;
            }

            if (Interlocked.Increment(ref _connectionCount) > Worker.Options.MaxIceTcpConnections)
            {
                Interlocked.Decrement(ref _connectionCount);
                metrics.CountIceTcpRejected();
                socket.Dispose();
                continue;
            }

            IceTcpConnection connection;
            try
            {
                socket.NoDelay = true; // media is latency-sensitive; frames are already packet-sized
                connection = new IceTcpConnection(this, socket);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // The peer went away between accept and setup.
                Interlocked.Decrement(ref _connectionCount);
                socket.Dispose();
                continue;
            }

            metrics.CountIceTcpOpened();
            _connections.TryAdd(connection, 0);
            var server = Server;

            // Announced before its first frame can be queued: the worker queue is FIFO.
            if (!Worker.Post(() => server.OnTcpAccepted(connection)))
            {
                connection.Abort(IceTcpCloseReason.Shutdown);
                continue;
            }

            connection.Start();
        }
    }

    /// <summary>Called once by a connection that ended (any thread).</summary>
    internal void OnConnectionEnded(IceTcpConnection connection)
    {
        if (_connections.TryRemove(connection, out _))
        {
            Interlocked.Decrement(ref _connectionCount);
        }
    }

    /// <summary>Stops accepting and closes every connection.</summary>
    public void Dispose()
    {
        _cts.Cancel();
        _socket.Dispose();
        foreach (var connection in _connections.Keys)
        {
            connection.Abort(IceTcpCloseReason.Shutdown);
        }

        _cts.Dispose();
    }
}
