using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using VibezLive.Media.Diagnostics;
using VibezLive.Media.Net;

namespace VibezLive.Media.Tests.Net;

public sealed class UdpSendBatchTests : IDisposable
{
    private readonly MediaMetrics _metrics = new(meterFactory: null);
    private readonly List<IDisposable> _disposables = [];

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void Every_datagram_reaches_its_own_receiver_in_order_across_sockets_and_full_batches(string address)
    {
        var ip = IPAddress.Parse(address);
        var batch = Track(new UdpSendBatch());
        var senders = new[] { Bind(ip), Bind(ip) };
        var receivers = Enumerable.Range(0, 3).Select(_ => Receiver(ip)).ToArray();
        var targets = receivers.Select(r => ((IPEndPoint)r.LocalEndPoint!).Serialize()).ToArray();

        // 200 datagrams (more than three batches), alternating senders now and then to force early flushes.
        var packet = new byte[1200];
        for (var i = 0; i < 200; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(packet, i);
            packet[4] = (byte)(i % 3);
            Assert.True(batch.Add(senders[(i / 50) % 2], packet.AsSpan(0, 100 + i), targets[i % 3]));
        }

        batch.Flush();
        Assert.Equal(0, batch.Count);

        var buffer = new byte[2048];
        for (var r = 0; r < 3; r++)
        {
            for (var i = r; i < 200; i += 3)
            {
                var length = receivers[r].Receive(buffer);
                Assert.Equal(100 + i, length);
                Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(buffer));
                Assert.Equal(r, buffer[4]);
            }

            Assert.Equal(0, receivers[r].Available);
        }
    }

    [Fact]
    public void A_datagram_to_an_unreachable_address_is_dropped_and_the_others_still_go_out()
    {
        var batch = Track(new UdpSendBatch());
        var sender = Bind(IPAddress.Loopback);
        var receiver = Receiver(IPAddress.Loopback);
        var good = ((IPEndPoint)receiver.LocalEndPoint!).Serialize();
        var wrongFamily = new IPEndPoint(IPAddress.IPv6Loopback, 9).Serialize(); // an IPv6 address on an IPv4 socket

        batch.Add(sender, [1], good);
        batch.Add(sender, [2], wrongFamily);
        batch.Add(sender, [3], good);
        batch.Flush();

        var buffer = new byte[16];
        Assert.Equal(1, receiver.Receive(buffer));
        Assert.Equal(1, buffer[0]);
        Assert.Equal(1, receiver.Receive(buffer));
        Assert.Equal(3, buffer[0]);
    }

    [Fact]
    public void A_socket_closed_with_datagrams_waiting_loses_them_without_an_error()
    {
        var batch = Track(new UdpSendBatch());
        var sender = Bind(IPAddress.Loopback);
        var receiver = Receiver(IPAddress.Loopback);
        var target = ((IPEndPoint)receiver.LocalEndPoint!).Serialize();
        batch.Add(sender, [1], target);
        sender.Dispose();
        batch.Flush();
        Assert.Equal(0, batch.Count);
        Assert.False(sender.SendNow([2], target));
        Assert.Equal(0, receiver.Available);
    }

    [Fact]
    public void Adding_and_flushing_allocates_nothing()
    {
        var batch = Track(new UdpSendBatch());
        var sender = Bind(IPAddress.Loopback);
        var receiver = Receiver(IPAddress.Loopback);
        var target = ((IPEndPoint)receiver.LocalEndPoint!).Serialize();
        var packet = new byte[1200];
        var drain = new byte[2048];

        long Round()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                batch.Add(sender, packet, target);
            }

            batch.Flush();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            while (receiver.Available > 0)
            {
                receiver.Receive(drain);
            }

            return allocated;
        }

        Round();
        Assert.Equal(0, Round());
    }

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(_disposables))
        {
            item.Dispose();
        }

        _metrics.Dispose();
    }

    private T Track<T>(T item)
        where T : IDisposable
    {
        _disposables.Add(item);
        return item;
    }

    private UdpListener Bind(IPAddress address) =>
        Track(UdpListener.Bind(address, 0, 0, 0, _ => false, NullLogger.Instance, _metrics));

    private Socket Receiver(IPAddress address)
    {
        var socket = Track(new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp));
        socket.ReceiveBufferSize = 1 << 20;
        socket.ReceiveTimeout = 2000;
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }
}
