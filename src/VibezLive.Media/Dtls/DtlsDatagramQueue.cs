using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace VibezLive.Media.Dtls;

/// <summary>
/// BouncyCastle's <see cref="DatagramTransport"/> over datagrams handed in by the media worker. Receive is a real timed
/// wait on a semaphore (no sleep-polling); Close wakes a blocked receiver, which then aborts the handshake.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore never creates a wait handle (AvailableWaitHandle is unused), so there is nothing to dispose; disposing it could fault a receiver being woken by Close.")]
internal sealed class DtlsDatagramQueue : DatagramTransport
{
    /// <summary>Queued inbound datagrams beyond this are dropped (a handshake flight is a handful of datagrams).</summary>
    public const int MaxQueued = 64;

    // Largest datagram we hand to BouncyCastle; OpenSSL on loopback may send bigger flights than a path MTU allows.
    private const int ReceiveLimit = 16 * 1024;

    // What we let BouncyCastle put in one datagram: under the 1280-byte IPv6 minimum MTU with IP/UDP headers.
    private const int SendLimit = 1200;

    private readonly ConcurrentQueue<byte[]> _queue = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly Action<ReadOnlyMemory<byte>> _send;
    private int _count;
    private volatile bool _closed;

    public DtlsDatagramQueue(Action<ReadOnlyMemory<byte>> send) => _send = send;

    public int Count => Volatile.Read(ref _count);

    public long Dropped { get; private set; }

    public bool IsClosed => _closed;

    /// <summary>Copies and queues one inbound datagram; never blocks.</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (_closed || datagram.IsEmpty || datagram.Length > ReceiveLimit)
        {
            return;
        }

        if (Interlocked.Increment(ref _count) > MaxQueued)
        {
            Interlocked.Decrement(ref _count);
            Dropped++;
            return;
        }

        _queue.Enqueue(datagram.ToArray());
        _available.Release();
    }

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => SendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>Waits up to <paramref name="waitMillis"/> (0 = no limit, BouncyCastle's convention); -1 on timeout.</summary>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        ThrowIfClosed();
        if (!_available.Wait(waitMillis == 0 ? Timeout.Infinite : waitMillis))
        {
            return -1;
        }

        ThrowIfClosed();
        if (!_queue.TryDequeue(out byte[]? datagram))
        {
            return -1;
        }

        Interlocked.Decrement(ref _count);
        int length = Math.Min(datagram.Length, buffer.Length);
        datagram.AsSpan(0, length).CopyTo(buffer);
        return length;
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        ThrowIfClosed();

        // The callback may queue the datagram, so it gets its own copy (handshake traffic only, not the media path).
        _send(buffer.ToArray());
    }

    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _available.Release(); // wake a receiver blocked in Receive
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new IOException("The DTLS transport is closed.");
        }
    }
}
