using System.Net;
using System.Net.Sockets;
using VibezLive.Media.Net;

namespace VibezLive.Media.Ice;

/// <summary>A validated path: a remote address that sent a valid Binding request, and the local socket (UDP) or
/// ICE-TCP connection it arrived on. Everything the transport sends on this tuple goes through <see cref="Socket"/>.</summary>
internal sealed class IceTuple(IMediaSocket socket, SocketAddress address)
{
    public IMediaSocket Socket { get; } = socket;

    /// <summary>Private copy (for UDP also the key of the server's tuple table).</summary>
    public SocketAddress Address { get; } = address;

    public long LastRequestUs { get; set; }

    /// <summary>"udp" or "tcp".</summary>
    public string Protocol => Socket.Protocol == ProtocolType.Tcp ? "tcp" : "udp";

    public bool Matches(IMediaSocket socket, SocketAddress address) => Socket == socket && Address.Equals(address);

    /// <summary>Sends one packet on this path (worker thread).</summary>
    public bool Send(ReadOnlySpan<byte> packet) => Socket.Send(packet, Address);

    public override string ToString()
    {
        var endPoint = Address.Family == AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0);
        return $"{Protocol} {endPoint.Create(Address)}";
    }
}
