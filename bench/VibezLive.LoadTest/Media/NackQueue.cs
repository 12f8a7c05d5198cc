namespace VibezLive.LoadTest.Media;

/// <summary>
/// Sequence numbers NACKed by the SFU, handed from the transport's receive loop (single producer) to the scheduler
/// thread (single consumer) through a fixed ring; when full, new requests are dropped (and counted).
/// </summary>
internal sealed class NackQueue
{
    private const int Capacity = 256;
    private readonly ushort[] _items = new ushort[Capacity];
    private int _head; // next to read (consumer)
    private int _tail; // next to write (producer)

    public long Dropped { get; private set; }

    public void Enqueue(ushort sequence)
    {
        int tail = _tail;
        if (tail - Volatile.Read(ref _head) >= Capacity)
        {
            Dropped++;
            return;
        }

        _items[(uint)tail % Capacity] = sequence;
        Volatile.Write(ref _tail, tail + 1);
    }

    public bool TryDequeue(out ushort sequence)
    {
        int head = _head;
        if (head == Volatile.Read(ref _tail))
        {
            sequence = 0;
            return false;
        }

        sequence = _items[(uint)head % Capacity];
        Volatile.Write(ref _head, head + 1);
        return true;
    }
}
