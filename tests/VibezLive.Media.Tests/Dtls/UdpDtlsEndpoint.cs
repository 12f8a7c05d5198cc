using System.Net;
using System.Net.Sockets;
using VibezLive.Media.Dtls;

namespace VibezLive.Media.Tests.Dtls;

/// <summary>A UDP socket on 127.0.0.1 feeding a <see cref="DtlsTransport"/> (the engine's job, reduced to what the tests need).</summary>
internal sealed class UdpDtlsEndpoint : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private volatile IPEndPoint? _remote;
    private Task? _receiveLoop;

    public UdpDtlsEndpoint(IPEndPoint? remote = null)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _remote = remote;
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public void Send(ReadOnlyMemory<byte> datagram)
    {
        IPEndPoint? remote = _remote;
        if (remote is not null)
        {
            _socket.SendTo(datagram.Span, SocketFlags.None, remote);
        }
    }

    public void Start(DtlsTransport transport) => _receiveLoop = Task.Run(async () =>
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _remote ??= (IPEndPoint)result.RemoteEndPoint;
            transport.OnDatagramReceived(buffer.AsSpan(0, result.ReceivedBytes));
        }
    });

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _receiveLoop?.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
