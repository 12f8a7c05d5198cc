using System.Diagnostics.Metrics;

namespace VibezLive.SocketIO;

/// <summary>Instruments of meter <c>VibezLive.SocketIO</c>.</summary>
internal sealed class SocketIOMetrics
{
    public const string MeterName = "VibezLive.SocketIO";

    private readonly UpDownCounter<long> _sessions;
    private readonly UpDownCounter<long> _sockets;
    private readonly Counter<long> _packetsIn;
    private readonly Counter<long> _packetsOut;
    private readonly Counter<long> _malformed;

    public SocketIOMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _sessions = meter.CreateUpDownCounter<long>("engine.connections", "{connection}", "Open Engine.IO sessions (connected clients).");
        _sockets = meter.CreateUpDownCounter<long>("sockets", "{socket}", "Sockets connected to a namespace.");
        _packetsIn = meter.CreateCounter<long>("packets.received", "{packet}", "Engine.IO message packets received.");
        _packetsOut = meter.CreateCounter<long>("packets.sent", "{packet}", "Engine.IO message packets queued for sending.");
        _malformed = meter.CreateCounter<long>("packets.malformed", "{packet}", "Malformed Socket.IO packets (each closes its session).");
    }

    public void SessionOpened() => _sessions.Add(1);

    public void SessionClosed() => _sessions.Add(-1);

    public void SocketConnected() => _sockets.Add(1);

    public void SocketDisconnected() => _sockets.Add(-1);

    public void PacketReceived() => _packetsIn.Add(1);

    public void PacketSent(int count) => _packetsOut.Add(count);

    public void Malformed() => _malformed.Add(1);
}
