using VibezLive.App.Rooms;
using VibezLive.SocketIO;

namespace VibezLive.App.Signaling;

/// <summary>One client event being handled: its socket, session, payload, and the ack (sent exactly once).</summary>
public sealed class SignalingContext
{
    private readonly SioEvent _event;
    private int _acked;

    internal SignalingContext(SioEvent sioEvent, PeerSession session, Payload payload, CancellationToken cancellationToken)
    {
        _event = sioEvent;
        Session = session;
        Payload = payload;
        CancellationToken = cancellationToken;
    }

    public SioSocket Socket => _event.Socket;

    public string EventName => _event.Name;

    public PeerSession Session { get; }

    public Payload Payload { get; }

    /// <summary>Cancelled when the operation timeout elapses.</summary>
    public CancellationToken CancellationToken { get; }

    public bool Acked => Volatile.Read(ref _acked) != 0;

    /// <summary>Sends the ack now (e.g. so that it precedes events emitted right after it). Later calls, and the
    /// dispatcher's own ack, are no-ops.</summary>
    public async ValueTask AckAsync(object reply)
    {
        if (Interlocked.Exchange(ref _acked, 1) == 0 && _event.HasAck)
        {
            await _event.AckAsync(reply);
        }
    }
}
