using System.Net;

namespace VibezLive.Media.Ice;

/// <summary>What an <see cref="IceServer"/> tells its transport.</summary>
internal interface IIceServerListener
{
    /// <summary>A tuple became valid: route its non-STUN datagrams to this transport. Returns the key copy.</summary>
    SocketAddress OnIceTupleAdded(SocketAddress remote);

    void OnIceTupleRemoved(SocketAddress key);

    void OnIceSelectedTupleChanged(IceTuple tuple);

    void OnIceStateChanged(IceState state);

    /// <summary>The current credentials changed (restart) or old ones expired: update the ufrag routing.</summary>
    void OnIceUfragRetired(string ufrag);
}
