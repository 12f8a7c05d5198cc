namespace VibezLive.App.Rooms;

/// <summary>Live object counts of the signaling layer (what PROTOCOL.md's cleanup rules say must return to their
/// previous values), read by the metrics.</summary>
public sealed class RoomCounters
{
    private long _rooms;
    private long _peers;
    private long _transports;
    private long _producers;
    private long _consumers;

    public long Rooms => Interlocked.Read(ref _rooms);

    public long Peers => Interlocked.Read(ref _peers);

    public long Transports => Interlocked.Read(ref _transports);

    public long Producers => Interlocked.Read(ref _producers);

    public long Consumers => Interlocked.Read(ref _consumers);

    internal void AddRooms(int delta) => Interlocked.Add(ref _rooms, delta);

    internal void AddPeers(int delta) => Interlocked.Add(ref _peers, delta);

    internal void AddTransports(int delta) => Interlocked.Add(ref _transports, delta);

    internal void AddProducers(int delta) => Interlocked.Add(ref _producers, delta);

    internal void AddConsumers(int delta) => Interlocked.Add(ref _consumers, delta);
}
