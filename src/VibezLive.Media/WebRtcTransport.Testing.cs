using System.Net;
using VibezLive.Media.Dtls;
using VibezLive.Protocols.Srtp;

namespace VibezLive.Media;

/// <summary>Hooks for the engine's own tests and benchmarks (internal; not part of the API).</summary>
public sealed partial class WebRtcTransport
{
    /// <summary>Skips ICE and DTLS: installs SRTP keys and a selected remote address as a completed handshake would.
    /// Worker thread only.</summary>
    internal void ConnectForTests(SrtpKeys keys, SocketAddress remote)
    {
        var key = _server.AddTuple(this, remote);
        Volatile.Write(ref _selectedAddress, key);
        _srtpIn = new SrtpSession(keys.Profile, keys.RemoteMasterKey, keys.RemoteMasterSalt);
        _srtpOut = new SrtpSession(keys.Profile, keys.LocalMasterKey, keys.LocalMasterSalt);
        _iceState = IceState.Completed;
        SetDtlsState(DtlsState.Connected);
        foreach (var consumer in _consumerList.ToArray())
        {
            consumer.OnTransportConnected();
        }
    }
}
