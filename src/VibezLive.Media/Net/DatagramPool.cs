using System.Collections.Concurrent;
using System.Net.Sockets;

namespace VibezLive.Media.Net;

/// <summary>
/// A bounded, lock-free pool of <see cref="Datagram"/>s shared by a socket's receive loop (renter) and its worker
/// (returner). Steady state allocates nothing; a burst beyond the pool grows it up to <see cref="MaxRetained"/>.
/// </summary>
internal sealed class DatagramPool(AddressFamily family)
{
    private const int MaxRetained = 4096;
    private readonly ConcurrentQueue<Datagram> _items = new();
    private int _count;

    public Datagram Rent()
    {
        if (_items.TryDequeue(out var item))
        {
            Interlocked.Decrement(ref _count);
            return item;
        }

        return new Datagram(family);
    }

    public void Return(Datagram item)
    {
        if (Interlocked.Increment(ref _count) > MaxRetained)
        {
            Interlocked.Decrement(ref _count);
            return;
        }

        item.Length = 0;
        _items.Enqueue(item);
    }
}
