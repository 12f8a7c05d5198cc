using System.Net;
using VibezLive.Media.Dtls;
using VibezLive.Media.Ice;
using VibezLive.Protocols.Srtp;

namespace VibezLive.Media;

/// <summary>Hooks for the engine's own tests and benchmarks (internal; not part of the API).</summary>
public sealed partial class WebRtcTransport
{
    /// <summary>Skips ICE and DTLS: installs SRTP keys and a selected remote UDP address as a completed handshake
    /// would. Worker thread only.</summary>
    internal void ConnectForTests(SrtpKeys keys, SocketAddress remote)
    {
        var socket = _server.Listener ?? throw new InvalidOperationException("ConnectForTests needs a UDP socket");
        _selectedTuple = new IceTuple(socket, _server.AddTuple(this, socket, remote));
        _srtpIn = new SrtpSession(keys.Profile, keys.RemoteMasterKey, keys.RemoteMasterSalt);
        _srtpOut = new SrtpSession(keys.Profile, keys.LocalMasterKey, keys.LocalMasterSalt);
        _iceState = IceState.Completed;
        SetDtlsState(DtlsState.Connected);
        foreach (var consumer in _consumerList.ToArray())
        {
            consumer.OnTransportConnected();
        }
    }

    /// <summary>The tuple media goes to (worker thread).</summary>
    internal IceTuple? SelectedTupleForTests => _selectedTuple;
}
