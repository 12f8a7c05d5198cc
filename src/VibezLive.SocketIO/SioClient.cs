using System.Text.Json;
using VibezLive.SocketIO.EngineIO;
using VibezLive.SocketIO.Parser;

namespace VibezLive.SocketIO;

/// <summary>
/// The Socket.IO side of one Engine.IO session: decodes packets (reassembling binary ones), routes them to the
/// session's namespace sockets, and enforces the connect timeout. Calls from the session never overlap.
/// </summary>
internal sealed class SioClient : IEngineConnectionHandler
{
    // Pre-built JSON, so that they do not depend on the application's serializer options (which may know only its own types).
    private static readonly JsonElement InvalidNamespace = JsonDocument.Parse("""{"message":"Invalid namespace"}""").RootElement.Clone();
    private static readonly JsonElement InternalError = JsonDocument.Parse("""{"message":"Internal error"}""").RootElement.Clone();

    private readonly SocketIOServer _server;
    private readonly Dictionary<string, SioSocket> _sockets = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly ITimer _connectTimer;
    private SioBinaryReconstructor? _pending;
    private bool _everConnected;

    public SioClient(SocketIOServer server, EngineSession session)
    {
        _server = server;
        Session = session;
        _connectTimer = server.TimeProvider.CreateTimer(static s => ((SioClient)s!).OnConnectTimeout(), this, server.Options.ConnectTimeout, Timeout.InfiniteTimeSpan);
    }

    public EngineSession Session { get; }

    public async ValueTask OnMessageAsync(ReadOnlyMemory<byte> data, bool isBinary)
    {
        if (isBinary)
        {
            if (_pending is null)
            {
                Violation("binary message without a pending BINARY packet");
                return;
            }
            if (!_pending.Add(data.ToArray())) return;
            var complete = _pending;
            _pending = null;
            if (complete.Packet.Data is { } payload && !SioPlaceholders.AreValid(payload, complete.Attachments.Count))
            {
                Violation("placeholder refers to a missing attachment");
                return;
            }
            await DispatchAsync(new SioPacketWithAttachments(complete.Packet, complete.Attachments));
            return;
        }

        if (_pending is not null)
        {
            Violation("text message while attachments were expected");
            return;
        }
        var error = SioPacketParser.TryParse(data.Span, _server.Options.MaxAttachments, out var packet);
        if (error != SioParseError.None)
        {
            _server.Metrics.Malformed();
            SocketIOLog.MalformedPacket(_server.Logger, Session.Id, error);
            Session.Close("parse error", EngineCloseMode.Graceful);
            return;
        }
        if (packet!.IsBinary && packet.AttachmentCount > 0)
        {
            _pending = new SioBinaryReconstructor(packet);
            return;
        }
        if (packet.IsBinary && packet.Data is { } data0 && !SioPlaceholders.AreValid(data0, 0))
        {
            Violation("placeholder refers to a missing attachment");
            return;
        }
        await DispatchAsync(new SioPacketWithAttachments(packet, []));
    }

    private async ValueTask DispatchAsync(SioPacketWithAttachments item)
    {
        var packet = item.Packet;
        SioSocket? socket;
        lock (_lock) _sockets.TryGetValue(packet.Namespace, out socket);
        switch (packet.Type)
        {
            case SioPacketType.Connect:
                await ConnectAsync(packet);
                break;
            case SioPacketType.Disconnect:
                socket?.OnClosed("client namespace disconnect");
                break;
            case SioPacketType.Event or SioPacketType.BinaryEvent:
                if (socket is not null) await socket.EnqueueEventAsync(item);
                break;
            case SioPacketType.Ack or SioPacketType.BinaryAck:
                socket?.OnAck(item);
                break;
            default:
                Violation($"unexpected packet type {packet.Type}");
                break;
        }
    }

    private async ValueTask ConnectAsync(SioPacket packet)
    {
        if (!_server.TryGetNamespace(packet.Namespace, out var ns))
        {
            SocketIOLog.UnknownNamespace(_server.Logger, Session.Id, packet.Namespace);
            Session.TrySend(SioEncoder.ConnectError(packet.Namespace, InvalidNamespace, _server.Options.JsonSerializerOptions));
            return;
        }
        lock (_lock)
        {
            if (_sockets.ContainsKey(ns.Name)) return; // already connected to this namespace: ignored
        }

        var handshake = new SioHandshake(packet.Data, Session.Headers, Session.Query, Session.RemoteAddress);
        SioConnectError? refusal;
        try
        {
            refusal = await ns.RunMiddlewaresAsync(handshake);
        }
#pragma warning disable CA1031 // A failing middleware refuses the connection; it must not take the session down.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            SocketIOLog.MiddlewareFailed(_server.Logger, Session.Id, ns.Name, ex);
            refusal = new SioConnectError(InternalError);
        }
        if (refusal is not null)
        {
            SocketIOLog.ConnectRefused(_server.Logger, Session.Id, ns.Name);
            Session.TrySend(SioEncoder.ConnectError(ns.Name, refusal.Data, _server.Options.JsonSerializerOptions));
            return;
        }
        if (!Session.IsOpen) return;

        var socket = new SioSocket(ns, this, handshake, EngineServer.NewId());
        lock (_lock)
        {
            _sockets[ns.Name] = socket;
            _everConnected = true;
        }
        _connectTimer.Dispose();
        ns.Add(socket);
        Session.TrySend(SioEncoder.Connect(ns.Name, socket.Id));
        SocketIOLog.SocketConnected(_server.Logger, socket.Id, ns.Name);
        socket.Start();
    }

    internal void Remove(SioSocket socket)
    {
        lock (_lock)
        {
            if (_sockets.TryGetValue(socket.Namespace.Name, out var current) && current == socket) _sockets.Remove(socket.Namespace.Name);
        }
    }

    public void OnClosed(string reason)
    {
        _connectTimer.Dispose();
        SioSocket[] sockets;
        lock (_lock) sockets = [.. _sockets.Values];
        foreach (var socket in sockets) socket.OnClosed(reason);
        _pending = null;
    }

    private void OnConnectTimeout()
    {
        bool connected;
        lock (_lock) connected = _everConnected;
        if (!connected) Session.Close("connect timeout", EngineCloseMode.Graceful);
    }

    private void Violation(string detail)
    {
        _server.Metrics.Malformed();
        SocketIOLog.ProtocolViolation(_server.Logger, Session.Id, detail);
        Session.Close("parse error", EngineCloseMode.Graceful);
    }
}
