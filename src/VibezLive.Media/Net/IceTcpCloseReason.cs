namespace VibezLive.Media.Net;

/// <summary>Why an ICE-TCP connection ended (the <c>reason</c> tag of <c>ice_tcp.connections_closed</c>).</summary>
internal enum IceTcpCloseReason
{
    /// <summary>The peer closed it (FIN).</summary>
    PeerClosed,

    /// <summary>Reading failed (reset, network error).</summary>
    ReceiveError,

    /// <summary>Writing failed.</summary>
    SendError,

    /// <summary>The first packet was not STUN: only ICE may open a connection.</summary>
    NotStun,

    /// <summary>No valid Binding request within <see cref="MediaOptions.IceTcpConnectTimeout"/>.</summary>
    IceTimeout,

    /// <summary>Its transport closed, or ICE dropped the tuple.</summary>
    TupleRemoved,

    /// <summary>Refused at accept: <see cref="MediaOptions.MaxIceTcpConnections"/> reached.</summary>
    ConnectionLimit,

    /// <summary>The worker or the transport's private server shut down.</summary>
    Shutdown,
}
