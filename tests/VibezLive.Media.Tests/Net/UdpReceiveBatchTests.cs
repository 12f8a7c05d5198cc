using System.Net;
using System.Net.Sockets;
using VibezLive.Media.Net;

namespace VibezLive.Media.Tests.Net;

public sealed class UdpReceiveBatchTests : IDisposable
{
    private readonly List<IDisposable> _disposables = [];

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void A_burst_arrives_in_one_call_in_order_with_each_sender_address(string address)
    {
        var ip = IPAddress.Parse(address);
        var receiver = Socket(ip);
        var senders = new[] { Socket(ip), Socket(ip) };
        var target = receiver.LocalEndPoint!;
        for (var i = 0; i < 20; i++)
        {
            senders[i % 2].SendTo(new byte[] { (byte)i, 1, 2, 3 }.AsSpan(0, 1 + (i % 4)), target);
        }

        var pool = new DatagramPool(ip.AddressFamily);
        var batch = Track(new UdpReceiveBatch());
        var received = new Datagram[UdpReceiveBatch.Capacity];
        var all = new List<(int Length, byte First, IPEndPoint From)>();
        for (var call = 0; call < 5 && all.Count < 20; call++)
        {
            var outcome = batch.Receive(receiver.SafeHandle, pool, 1000, received, out var count, out _);
            Assert.Equal(UdpReceiveBatch.Outcome.Received, outcome);
            for (var i = 0; i < count; i++)
            {
                var from = (IPEndPoint)new IPEndPoint(ip, 0).Create(received[i].Address);
                all.Add((received[i].Length, received[i].Data[0], from));
                pool.Return(received[i]);
            }
        }

        Assert.Equal(20, all.Count);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(1 + (i % 4), all[i].Length);
            Assert.Equal(i, all[i].First);
            Assert.Equal(senders[i % 2].LocalEndPoint, all[i].From);
        }

        batch.Dispose(pool);
    }

    [Fact]
    public void An_oversize_datagram_is_marked_truncated_and_the_next_one_is_intact()
    {
        var receiver = Socket(IPAddress.Loopback);
        var sender = Socket(IPAddress.Loopback);
        sender.SendTo(new byte[Datagram.BufferSize + 100], receiver.LocalEndPoint!);
        sender.SendTo(new byte[] { 7 }, receiver.LocalEndPoint!);

        var pool = new DatagramPool(AddressFamily.InterNetwork);
        var batch = Track(new UdpReceiveBatch());
        var received = new Datagram[UdpReceiveBatch.Capacity];
        var lengths = new List<int>();
        for (var call = 0; call < 3 && lengths.Count < 2; call++)
        {
            batch.Receive(receiver.SafeHandle, pool, 1000, received, out var count, out _);
            for (var i = 0; i < count; i++)
            {
                lengths.Add(received[i].Length);
            }
        }

        Assert.Equal([-1, 1], lengths);
    }

    [Fact]
    public void Nothing_to_read_is_idle_after_the_wait_and_a_closed_socket_is_closed()
    {
        var receiver = Socket(IPAddress.Loopback);
        var pool = new DatagramPool(AddressFamily.InterNetwork);
        var batch = Track(new UdpReceiveBatch());
        var received = new Datagram[UdpReceiveBatch.Capacity];

        Assert.Equal(UdpReceiveBatch.Outcome.Idle, batch.Receive(receiver.SafeHandle, pool, 20, received, out var count, out _));
        Assert.Equal(0, count);

        receiver.Dispose();
        Assert.Equal(UdpReceiveBatch.Outcome.Closed, batch.Receive(receiver.SafeHandle, pool, 20, received, out _, out _));
    }

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(_disposables))
        {
            item.Dispose();
        }
    }

    private T Track<T>(T item)
        where T : IDisposable
    {
        _disposables.Add(item);
        return item;
    }

    private Socket Socket(IPAddress address)
    {
        var socket = Track(new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp));
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }
}
