using System.Net.Sockets;

namespace VibezLive.Media.Net;

/// <summary>
/// One received packet (a UDP datagram, or one RFC 4571 frame of an ICE-TCP connection) in a pooled buffer, handed
/// from a socket's receive loop to the owning worker. The worker returns it to its source's <see cref="DatagramPool"/>
/// when done. <see cref="Address"/> is overwritten by every receive, so it is
/// never stored: a transport that keeps a remote address keeps its own copy.
/// </summary>
internal sealed class Datagram
{
    /// <summary>Larger than any datagram a WebRTC peer sends (path MTU ≈ 1500) plus room for SRTP growth.</summary>
    public const int BufferSize = 2048;

    public Datagram(AddressFamily family)
    {
        Address = new System.Net.SocketAddress(family);
    }

    public byte[] Buffer { get; } = GC.AllocateUninitializedArray<byte>(BufferSize, pinned: true);

    public int Length { get; set; }

    public System.Net.SocketAddress Address { get; }

    /// <summary>The socket (or TCP connection) it arrived on; answers go back the same way.</summary>
    public IMediaSocket? Source { get; set; }

    public Span<byte> Data => Buffer.AsSpan(0, Length);
}
