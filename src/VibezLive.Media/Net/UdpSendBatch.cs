using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using static VibezLive.Media.Net.LinuxSocketCalls;

namespace VibezLive.Media.Net;

/// <summary>
/// The UDP datagrams a worker produces while it handles one work item (one received packet fans out to every
/// consumer), handed to the kernel with one <c>sendmmsg(2)</c> per socket instead of one <c>sendto(2)</c> each: the
/// system-call cost is paid once per batch (about 1 µs less CPU per datagram on loopback, see bench/README.md).
/// Datagrams are copied into slots of native memory allocated once, so adding and flushing allocate nothing.
/// Worker thread only; the worker flushes after every work item and timer tick. Where <c>sendmmsg</c> does not exist
/// (not Linux), <see cref="Add"/> sends at once.
/// </summary>
internal sealed unsafe class UdpSendBatch : IDisposable
{
    /// <summary>Datagrams per system call; a fan-out to more consumers takes several.</summary>
    public const int Capacity = 64;

    private const int SlotSize = Datagram.BufferSize;

    /// <summary>Room for a native <c>sockaddr_in6</c> (28 bytes), the largest address a UDP socket here uses.</summary>
    private const int AddressSlotSize = 32;

    private readonly byte* _payloads;
    private readonly byte* _addresses;
    private readonly IoVector* _vectors;
    private readonly MessageHeader* _headers;
    private UdpListener? _socket;
    private int _count;
    private bool _disposed;

    public UdpSendBatch()
    {
        _payloads = (byte*)NativeMemory.AlignedAlloc(Capacity * SlotSize, 64);
        _addresses = (byte*)NativeMemory.AllocZeroed(Capacity * AddressSlotSize);
        _vectors = (IoVector*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(IoVector)));
        _headers = (MessageHeader*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(MessageHeader)));
        for (var i = 0; i < Capacity; i++)
        {
            _vectors[i].Base = _payloads + (i * SlotSize);
            _headers[i].Message.Name = _addresses + (i * AddressSlotSize);
            _headers[i].Message.Vectors = &_vectors[i];
            _headers[i].Message.VectorCount = 1;
        }
    }

    /// <summary>True where the kernel offers <c>sendmmsg</c>; elsewhere every datagram is sent at once.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux();

    /// <summary>Datagrams waiting for <see cref="Flush"/>.</summary>
    public int Count => _count;

    /// <summary>Queues one datagram for <paramref name="socket"/>; flushes first when the batch is full or holds
    /// another socket's datagrams. Returns false only when a datagram that could not be queued was dropped.</summary>
    public bool Add(UdpListener socket, ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (!IsSupported || _disposed || datagram.Length > SlotSize || remote.Size > AddressSlotSize)
        {
            return socket.SendNow(datagram, remote);
        }

        if (_count == Capacity || (_socket is not null && !ReferenceEquals(_socket, socket)))
        {
            Flush();
        }

        _socket = socket;
        var slot = _count++;
        datagram.CopyTo(new Span<byte>(_payloads + (slot * SlotSize), SlotSize));
        _vectors[slot].Length = (nuint)datagram.Length;
        remote.Buffer.Span[..remote.Size].CopyTo(new Span<byte>(_addresses + (slot * AddressSlotSize), AddressSlotSize));
        _headers[slot].Message.NameLength = (uint)remote.Size;
        return true;
    }

    /// <summary>Sends everything queued. A datagram the kernel refuses (full send buffer, unreachable address) is
    /// dropped and counted by its socket; the rest are still sent.</summary>
    public void Flush()
    {
        if (_socket is not { } socket)
        {
            return;
        }

        var count = _count;
        _count = 0;
        _socket = null;

        // The reference is held only for the system call (as Socket does for its own calls): a socket closed before
        // the flush takes its datagrams with it, and its descriptor number cannot be reused by another socket while
        // the call runs.
        var referenced = false;
        try
        {
            socket.Handle.DangerousAddRef(ref referenced);
            var fd = (int)socket.Handle.DangerousGetHandle();
            var start = 0;
            var interruptions = 0;
            while (start < count)
            {
                var sent = SendMultiple(fd, _headers + start, (uint)(count - start), MessageDontWait);
                if (sent > 0)
                {
                    start += sent;
                    continue;
                }

                if (Marshal.GetLastSystemError() == EINTR && ++interruptions < 3)
                {
                    continue;
                }

                // The first datagram of the rest failed on its own (sendmmsg reports only that one): drop it, go on.
                socket.CountSendFailure();
                start++;
            }
        }
        catch (ObjectDisposedException)
        {
            // closed between Add and Flush: nothing to send on
        }
        finally
        {
            if (referenced)
            {
                socket.Handle.DangerousRelease();
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Flush();
        _disposed = true;
        NativeMemory.AlignedFree(_payloads);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_headers);
    }
}
