using System.Text.Json;
using Microsoft.Extensions.Logging;
using VibezLive.App.Signaling.Messages;
using VibezLive.App.Storage;
using VibezLive.Media;
using VibezLive.Media.Dtls;
using VibezLive.Media.Observers;

namespace VibezLive.App.Rooms;

/// <summary>
/// A room: its router and its peers with their transports, producers and consumers. Every member except the
/// immutable ones and <see cref="Executor"/> must be used inside the room's own context (<see cref="Executor"/>);
/// engine events are posted there.
/// </summary>
public sealed partial class Room
{
    private readonly Dictionary<string, Peer> _peers = new(StringComparer.Ordinal);
    private readonly RoomRegistry _registry;
    private readonly RoomCounters _counters;
    private readonly ILogger _logger;
    private string? _host;
    private int _peerCount;

    internal Room(string id, MediaWorker worker, Router router, StoredRoomRecord? stored, RoomRegistry registry, RoomCounters counters, ILogger logger)
    {
        Id = id;
        Worker = worker;
        Router = router;
        Stored = stored;
        _registry = registry;
        _counters = counters;
        _logger = logger;
        Executor = new SerialExecutor(logger);
        router.ActiveSpeakerChanged += OnActiveSpeakerChanged;
    }

    public string Id { get; }

    public MediaWorker Worker { get; }

    public Router Router { get; }

    /// <summary>The stored room's record when the room was created through the REST API.</summary>
    public StoredRoomRecord? Stored { get; internal set; }

    public SerialExecutor Executor { get; }

    /// <summary>True once the last peer left (the room is then out of the registry; a new join creates a new room).</summary>
    public bool Closed { get; private set; }

    /// <summary>Safe from any thread (for the REST API and metrics).</summary>
    public int PeerCount => Volatile.Read(ref _peerCount);

    /// <summary>Safe from any thread: the host's peer id at the last change.</summary>
    public string? HostPeerId => Volatile.Read(ref _host);

    public IReadOnlyCollection<Peer> Peers => _peers.Values;

    public Peer? FindPeer(string peerId) => _peers.GetValueOrDefault(peerId);

    /// <summary>The stored room's owner whenever present; otherwise the longest-present peer.</summary>
    private string? ComputeHost()
    {
        Peer? best = null;
        foreach (var p in _peers.Values)
        {
            var isOwner = Stored is not null && p.User?.UserId == Stored.OwnerId;
            var bestIsOwner = best is not null && Stored is not null && best.User?.UserId == Stored.OwnerId;
            if (best is null || (isOwner && !bestIsOwner) || (isOwner == bestIsOwner && p.JoinOrder < best.JoinOrder))
            {
                best = p;
            }
        }

        return best?.Id;
    }

    internal void AddPeer(Peer peer)
    {
        _peers.Add(peer.Id, peer);
        Volatile.Write(ref _peerCount, _peers.Count);
        _counters.AddPeers(1);
        peer.Session.Room = this;
    }

    /// <summary>Recomputes the host; true when it changed.</summary>
    internal bool UpdateHost()
    {
        var host = ComputeHost();
        if (string.Equals(host, _host, StringComparison.Ordinal))
        {
            return false;
        }

        Volatile.Write(ref _host, host);
        return true;
    }

    /// <summary>Recomputes the host and tells the room (<c>hostChanged</c>) when it changed.</summary>
    internal async Task UpdateHostAsync()
    {
        if (UpdateHost() && _host is { } host)
        {
            await EmitToAllAsync("hostChanged", new HostChangedEvent(host));
        }
    }

    public static IReadOnlyList<ProducerInfo> ProducersOf(Peer peer) =>
        [.. peer.Producers.Values.Select(p => new ProducerInfo(p.Id, peer.Id, p.Producer.Kind, p.AppData, p.Producer.Paused))];

    /// <summary>The producers of every peer except <paramref name="except"/>.</summary>
    public IReadOnlyList<ProducerInfo> ProducersExcept(Peer except) =>
        [.. _peers.Values.Where(p => !ReferenceEquals(p, except)).SelectMany(ProducersOf)];

    /// <summary>A producer of any peer of the room.</summary>
    public (Peer Owner, ProducerEntry Entry)? FindProducer(string producerId)
    {
        foreach (var p in _peers.Values)
        {
            if (p.Producers.TryGetValue(producerId, out var e))
            {
                return (p, e);
            }
        }

        return null;
    }

    /// <summary>Whether any other peer of the room owns an object with this id (so the caller gets FORBIDDEN, not NOT_FOUND).</summary>
    public bool IsOwnedByOther(Peer caller, string id) => _peers.Values.Any(p => !ReferenceEquals(p, caller) &&
        (p.Producers.ContainsKey(id) || p.Consumers.ContainsKey(id) || p.SendTransport?.Id == id || p.RecvTransport?.Id == id));

    internal void TrackTransport(Peer peer, WebRtcTransport transport, bool closeOnIceDisconnected)
    {
        _counters.AddTransports(1);
        transport.DtlsStateChanged += state =>
        {
            if (state is DtlsState.Failed or DtlsState.Closed)
            {
                Executor.Post(() => OnTransportGoneAsync(peer, transport, $"dtls {state.ToString().ToLowerInvariant()}"));
            }
        };
        transport.IceStateChanged += state =>
        {
            if (state == IceState.Closed || (state == IceState.Disconnected && closeOnIceDisconnected))
            {
                Executor.Post(() => OnTransportGoneAsync(peer, transport, $"ice {state.ToString().ToLowerInvariant()}"));
            }
        };
        transport.Closed += () => Executor.Post(() => OnTransportGoneAsync(peer, transport, "closed"));
    }

    internal void TrackProducer(Peer peer, ProducerEntry entry)
    {
        peer.Producers.Add(entry.Id, entry);
        _counters.AddProducers(1);
        entry.Producer.Closed += () => Executor.Post(async () =>
        {
            if (IsCurrent(peer) && peer.Producers.TryGetValue(entry.Id, out var e) && ReferenceEquals(e, entry))
            {
                await CloseProducerAsync(peer, entry);
            }
        });
    }

    internal void TrackConsumer(Peer peer, ConsumerEntry entry)
    {
        peer.Consumers.Add(entry.Id, entry);
        _counters.AddConsumers(1);
        entry.Consumer.ProducerClosed += () => Executor.Post(async () =>
        {
            if (IsCurrent(peer) && RemoveConsumer(peer, entry))
            {
                await EmitAsync(peer, "producerClosed", new ProducerClosedEvent(entry.ProducerId, entry.Id));
                await SafeCloseAsync(entry.Consumer.CloseAsync, "consumer");
            }
        });
        entry.Consumer.TransportClosed += () => Executor.Post(async () =>
        {
            if (IsCurrent(peer) && RemoveConsumer(peer, entry))
            {
                await EmitAsync(peer, "consumerClosed", new ConsumerClosedEvent(entry.Id, "transportclosed"));
            }
        });
    }

    /// <summary>Closes a producer and every consumer of it (each consumer's peer gets <c>producerClosed</c>).</summary>
    public async Task CloseProducerAsync(Peer owner, ProducerEntry entry)
    {
        if (!owner.Producers.Remove(entry.Id))
        {
            return;
        }

        _counters.AddProducers(-1);
        foreach (var p in _peers.Values.ToArray())
        {
            foreach (var c in p.Consumers.Values.Where(c => c.ProducerId == entry.Id).ToArray())
            {
                RemoveConsumer(p, c);
                await EmitAsync(p, "producerClosed", new ProducerClosedEvent(entry.Id, c.Id));
                await SafeCloseAsync(c.Consumer.CloseAsync, "consumer");
            }
        }

        await SafeCloseAsync(entry.Producer.CloseAsync, "producer");
    }

    /// <summary>Closes one of a peer's transports and exactly its objects. The owner is told about its closed
    /// consumers (<c>consumerClosed</c>) when it stays in the room.</summary>
    public async Task CloseTransportAsync(Peer peer, WebRtcTransport transport, string reason, bool notifyOwner)
    {
        if (ReferenceEquals(peer.SendTransport, transport))
        {
            peer.SendTransport = null;
        }
        else if (ReferenceEquals(peer.RecvTransport, transport))
        {
            peer.RecvTransport = null;
        }
        else
        {
            return;
        }

        _counters.AddTransports(-1);
        foreach (var producer in peer.Producers.Values.Where(p => ReferenceEquals(p.Transport, transport)).ToArray())
        {
            await CloseProducerAsync(peer, producer);
        }

        foreach (var consumer in peer.Consumers.Values.Where(c => ReferenceEquals(c.Transport, transport)).ToArray())
        {
            RemoveConsumer(peer, consumer);
            if (notifyOwner)
            {
                await EmitAsync(peer, "consumerClosed", new ConsumerClosedEvent(consumer.Id, reason));
            }

            await SafeCloseAsync(consumer.Consumer.CloseAsync, "consumer");
        }

        await SafeCloseAsync(transport.CloseAsync, "transport");
    }

    /// <summary>Removes a peer with everything it owns; tells the others <c>peerLeft</c>; closes the room when it
    /// was the last one.</summary>
    public async Task RemovePeerAsync(Peer peer, string reason)
    {
        if (!IsCurrent(peer))
        {
            return;
        }

        LogPeerLeaving(_logger, peer.Id, Id, reason);
        foreach (var transport in new[] { peer.SendTransport, peer.RecvTransport })
        {
            if (transport is not null)
            {
                await CloseTransportAsync(peer, transport, reason, notifyOwner: false);
            }
        }

        _peers.Remove(peer.Id);
        Volatile.Write(ref _peerCount, _peers.Count);
        _counters.AddPeers(-1);
        if (ReferenceEquals(peer.Session.Room, this))
        {
            peer.Session.Room = null;
        }

        _registry.OnPeerRemoved(peer);
        await EmitToAllAsync("peerLeft", new PeerLeftEvent(peer.Id));
        if (_peers.Count == 0)
        {
            await CloseAsync();
        }
        else
        {
            await UpdateHostAsync();
        }
    }

    /// <summary>Closes an empty room (or every peer's objects at shutdown): out of the registry, router closed.</summary>
    internal async Task CloseAsync()
    {
        if (Closed)
        {
            return;
        }

        foreach (var peer in _peers.Values.ToArray())
        {
            await RemovePeerAsync(peer, "room closed");
            if (Closed)
            {
                return; // the last removal closed the room
            }
        }

        Closed = true;
        Router.ActiveSpeakerChanged -= OnActiveSpeakerChanged;
        _registry.Remove(this);
        await SafeCloseAsync(Router.CloseAsync, "router");
        Executor.Complete();
        LogRoomClosed(_logger, Id);
    }

    public Task EmitAsync(Peer peer, string eventName, object payload) => EmitAsync(peer.Socket, eventName, payload);

    public async Task EmitToAllAsync(string eventName, object payload, Peer? except = null)
    {
        foreach (var p in _peers.Values.ToArray())
        {
            if (!ReferenceEquals(p, except))
            {
                await EmitAsync(p, eventName, payload);
            }
        }
    }

    private async Task EmitAsync(SocketIO.SioSocket socket, string eventName, object payload)
    {
        if (!socket.Connected)
        {
            return;
        }

        try
        {
            await socket.EmitAsync(eventName, payload);
        }
#pragma warning disable CA1031 // A socket that went away must not break the room's bookkeeping.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogEmitFailed(_logger, eventName, socket.Id, e);
        }
    }

    /// <summary>Worker thread: the router's loudest audio producer changed; the room tells every peer
    /// (<c>activeSpeaker</c>) from its own context, if the producer is still one of its peers'.</summary>
    private void OnActiveSpeakerChanged(ActiveSpeaker speaker)
    {
        var producerId = speaker.Producer.Id;
        var volume = speaker.Volume;
        Executor.Post(async () =>
        {
            if (!Closed && FindProducer(producerId) is { } found)
            {
                await EmitToAllAsync("activeSpeaker", new ActiveSpeakerEvent(found.Owner.Id, producerId, volume));
            }
        });
    }

    private bool IsCurrent(Peer peer) => _peers.TryGetValue(peer.Id, out var p) && ReferenceEquals(p, peer);

    private bool RemoveConsumer(Peer peer, ConsumerEntry entry)
    {
        if (peer.Consumers.TryGetValue(entry.Id, out var e) && ReferenceEquals(e, entry))
        {
            peer.Consumers.Remove(entry.Id);
            _counters.AddConsumers(-1);
            return true;
        }

        return false;
    }

    private async Task OnTransportGoneAsync(Peer peer, WebRtcTransport transport, string reason)
    {
        if (IsCurrent(peer) && peer.Owns(transport))
        {
            LogTransportGone(_logger, transport.Id, peer.Id, reason);
            await CloseTransportAsync(peer, transport, "transportclosed", notifyOwner: true);
        }
    }

    private async Task SafeCloseAsync(Func<Task> close, string what)
    {
        try
        {
            await close();
        }
#pragma warning disable CA1031 // Closing is best effort: the object may already be gone with its worker.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogCloseFailed(_logger, what, Id, e);
        }
    }

    internal static JsonElement EmptyAppData { get; } = JsonDocument.Parse("{}").RootElement.Clone();

    [LoggerMessage(10, LogLevel.Information, "Peer {PeerId} leaves room {RoomId} ({Reason})")]
    private static partial void LogPeerLeaving(ILogger logger, string peerId, string roomId, string reason);

    [LoggerMessage(11, LogLevel.Information, "Room {RoomId} closed")]
    private static partial void LogRoomClosed(ILogger logger, string roomId);

    [LoggerMessage(12, LogLevel.Debug, "Emitting {EventName} to {SocketId} failed")]
    private static partial void LogEmitFailed(ILogger logger, string eventName, string socketId, Exception exception);

    [LoggerMessage(13, LogLevel.Information, "Transport {TransportId} of peer {PeerId} is gone ({Reason}); closing its objects")]
    private static partial void LogTransportGone(ILogger logger, string transportId, string peerId, string reason);

    [LoggerMessage(14, LogLevel.Warning, "Closing a {What} of room {RoomId} failed")]
    private static partial void LogCloseFailed(ILogger logger, string what, string roomId, Exception exception);
}
