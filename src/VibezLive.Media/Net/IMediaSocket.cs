using System.Net;
using System.Net.Sockets;

namespace VibezLive.Media.Net;

/// <summary>
/// Where a datagram came from and where answers on the same path go: a worker's (or a transport's) UDP socket, or one
/// accepted ICE-TCP connection (RFC 6544). <see cref="Send"/> is called on the worker thread and never blocks; a
/// packet the path cannot take now is dropped and counted.
/// </summary>
internal interface IMediaSocket
{
    /// <summary><see cref="ProtocolType.Udp"/> or <see cref="ProtocolType.Tcp"/> (mediasoup's tuple <c>protocol</c>).</summary>
    ProtocolType Protocol { get; }

    /// <summary>The local port (what the ICE candidate announced).</summary>
    int LocalPort { get; }

    /// <summary>The demultiplexer the socket's datagrams go to.</summary>
    WebRtcServer Server { get; }

    /// <summary>The pool the socket's datagrams are rented from (the worker returns them there).</summary>
    DatagramPool Pool { get; }

    /// <summary>Sends one packet to <paramref name="remote"/> (ignored by a connection: it has one peer). Returns false
    /// when the packet was dropped (counted).</summary>
    bool Send(ReadOnlySpan<byte> packet, SocketAddress remote);
}
