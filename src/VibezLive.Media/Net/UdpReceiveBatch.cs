using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static VibezLive.Media.Net.LinuxSocketCalls;

namespace VibezLive.Media.Net;

/// <summary>
/// Receives up to <see cref="Capacity"/> UDP datagrams per <c>recvmmsg(2)</c> straight into pooled
/// <see cref="Datagram"/> buffers, for a receive thread of its own. Compared with one asynchronous receive per datagram
/// (an epoll wake-up, a thread-pool dispatch and a <c>recvfrom</c> each), a busy socket costs two system calls per
/// burst (<c>poll</c>, <c>recvmmsg</c>) and no thread-pool work. Linux only (<see cref="IsSupported"/>); one thread at a time.
/// </summary>
internal sealed unsafe class UdpReceiveBatch : IDisposable
{
    public const int Capacity = 32;

    /// <summary><c>sizeof(struct sockaddr_storage)</c>.</summary>
    private const int AddressSlotSize = 128;

    private readonly Datagram[] _datagrams = new Datagram[Capacity];
    private readonly byte* _addresses;
    private readonly IoVector* _vectors;
    private readonly MessageHeader* _headers;
    private bool _disposed;

    public UdpReceiveBatch()
    {
        _addresses = (byte*)NativeMemory.AllocZeroed(Capacity * AddressSlotSize);
        _vectors = (IoVector*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(IoVector)));
        _headers = (MessageHeader*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(MessageHeader)));
        for (var i = 0; i < Capacity; i++)
        {
            _headers[i].Message.Vectors = &_vectors[i];
            _headers[i].Message.VectorCount = 1;
        }
    }

    public static bool IsSupported { get; } = OperatingSystem.IsLinux();

    /// <summary>What one <see cref="Receive"/> call ended with.</summary>
    public enum Outcome
    {
        /// <summary>Datagrams were received (the count is returned).</summary>
        Received,

        /// <summary>Nothing arrived within the wait; check for shutdown and call again.</summary>
        Idle,

        /// <summary>A transient error (an ICMP report, an interrupted call): call again.</summary>
        Error,

        /// <summary>The socket is closed: stop.</summary>
        Closed,
    }

    /// <summary>
    /// Waits up to <paramref name="waitMs"/> for datagrams and receives what is there (at most <see cref="Capacity"/>),
    /// each into a datagram rented from <paramref name="pool"/>; <paramref name="received"/> gets them in order
    /// (the caller owns them; a truncated one has length -1). Datagrams not filled stay rented by this batch.
    /// </summary>
    public Outcome Receive(SafeSocketHandle handle, DatagramPool pool, int waitMs, Span<Datagram> received, out int count, out int error)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        count = 0;
        error = 0;
        for (var i = 0; i < Capacity; i++)
        {
            var datagram = _datagrams[i] ??= pool.Rent();
            _vectors[i].Base = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(datagram.Buffer)); // pinned at allocation
            _vectors[i].Length = (nuint)datagram.Buffer.Length;
            _headers[i].Message.Name = _addresses + (i * AddressSlotSize);
            _headers[i].Message.NameLength = AddressSlotSize;
            _headers[i].Message.Flags = 0;
        }

        var referenced = false;
        try
        {
            handle.DangerousAddRef(ref referenced);
            var fd = (int)handle.DangerousGetHandle();

            // poll(2) first: the wait is bounded (so shutdown is noticed) whether or not the descriptor is non-blocking.
            var poll = new PollDescriptor { Fd = fd, Events = PollIn };
            var ready = Poll(&poll, 1, waitMs);
            if (ready <= 0)
            {
                error = ready < 0 ? Marshal.GetLastSystemError() : 0;
                return ready == 0 || error == EINTR ? Outcome.Idle : Outcome.Error;
            }

            var n = ReceiveMultiple(fd, _headers, Capacity, MessageDontWait, null);
            if (n <= 0)
            {
                error = n < 0 ? Marshal.GetLastSystemError() : 0;
                return error is EAGAIN or EINTR or 0 ? Outcome.Idle : Outcome.Error;
            }

            for (var i = 0; i < n; i++)
            {
                var datagram = _datagrams[i];
                _datagrams[i] = null!;

                // Longer than any datagram a WebRTC peer sends: cut off, so useless (marked -1 for the caller to drop).
                datagram.Length = (_headers[i].Message.Flags & MessageTruncated) != 0 ? -1 : (int)_headers[i].Length;
                var addressLength = (int)_headers[i].Message.NameLength;
                var address = datagram.Address;
                if (addressLength > address.Buffer.Length)
                {
                    addressLength = address.Buffer.Length;
                }

                new ReadOnlySpan<byte>(_addresses + (i * AddressSlotSize), addressLength).CopyTo(address.Buffer.Span);
                address.Size = addressLength;
                received[i] = datagram;
            }

            // Keep the unfilled ones at the front for the next call.
            var kept = 0;
            for (var i = n; i < Capacity; i++)
            {
                _datagrams[kept++] = _datagrams[i];
                _datagrams[i] = null!;
            }

            count = n;
            return Outcome.Received;
        }
        catch (ObjectDisposedException)
        {
            return Outcome.Closed;
        }
        finally
        {
            if (referenced)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Returns the datagrams still rented to <paramref name="pool"/> and frees the native memory.</summary>
    public void Dispose(DatagramPool pool)
    {
        for (var i = 0; i < Capacity; i++)
        {
            if (_datagrams[i] is { } datagram)
            {
                pool.Return(datagram);
                _datagrams[i] = null!;
            }
        }

        Dispose();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_headers);
    }
}
