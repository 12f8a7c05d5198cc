using System.Net;

namespace VibezLive.Media.Ice;

/// <summary>A remote address that sent a valid Binding request (with our fixed local socket, a 5-tuple).</summary>
internal sealed class IceTuple(SocketAddress address)
{
    /// <summary>Private copy; also the key of the server's tuple table.</summary>
    public SocketAddress Address { get; } = address;

    public long LastRequestUs { get; set; }

    public override string ToString()
    {
        var endPoint = Address.Family == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0);
        return endPoint.Create(Address).ToString() ?? "?";
    }
}
