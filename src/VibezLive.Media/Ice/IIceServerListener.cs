using System.Net;
using VibezLive.Media.Net;

namespace VibezLive.Media.Ice;

/// <summary>What an <see cref="IceServer"/> tells its transport.</summary>
internal interface IIceServerListener
{
    /// <summary>A tuple became valid: route its non-STUN packets to this transport. Returns the address copy the tuple
    /// keeps.</summary>
    SocketAddress OnIceTupleAdded(IMediaSocket socket, SocketAddress remote);

    /// <summary>A tuple is gone (evicted, its TCP connection closed, or the transport closes): stop routing it (and
    /// close its TCP connection).</summary>
    void OnIceTupleRemoved(IceTuple tuple);

    /// <summary>The tuple media is sent on changed; null when no valid tuple is left.</summary>
    void OnIceSelectedTupleChanged(IceTuple? tuple);

    void OnIceStateChanged(IceState state);

    /// <summary>The current credentials changed (restart) or old ones expired: update the ufrag routing.</summary>
    void OnIceUfragRetired(string ufrag);
}
