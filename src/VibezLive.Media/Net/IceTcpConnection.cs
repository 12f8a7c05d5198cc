using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace VibezLive.Media.Net;

/// <summary>
/// One accepted ICE-TCP connection (RFC 6544), a path of its own: every STUN, DTLS, RTP or RTCP packet travels in an
/// RFC 4571 §2 frame, a 16-bit big-endian length followed by the packet.
/// <para>Receiving runs in an async loop off the worker thread: frames are copied into pooled <see cref="Datagram"/>s
/// and queued to the worker like UDP datagrams (a frame larger than <see cref="Datagram.BufferSize"/> is skipped and
/// counted). Sending (<see cref="Send"/>, worker thread only) never blocks: frames are appended to a
/// <see cref="Pipe"/> drained by an async send loop; beyond <see cref="MaxQueuedSendBytes"/> waiting to be sent
/// (a slow or stalled reader), packets are dropped and counted.</para>
/// <para>Routing state (<see cref="Transport"/>, <see cref="AcceptedUs"/>) belongs to the worker thread; the
/// connection's own end (<see cref="Abort"/>) may happen on any thread and is reported to the worker.</para>
/// </summary>
internal sealed class IceTcpConnection : IMediaSocket
{
    /// <summary>Bytes queued for sending before packets are dropped: about a second of a 2 Mbit/s stream. More only
    /// adds latency that real-time media cannot use.</summary>
    public const int MaxQueuedSendBytes = 256 * 1024;

    /// <summary>RFC 4571 §2: LENGTH, 16 bits, network order.</summary>
    private const int FrameHeaderLength = 2;

    private readonly IceTcpListener _listener;
    private readonly Socket _socket;

    // Room for a complete maximal frame plus the start of the next one, so that a read never gets an empty buffer.
    private readonly byte[] _receiveBuffer = GC.AllocateUninitializedArray<byte>(2 * (FrameHeaderLength + Datagram.BufferSize));

    // Written by the worker, read by the send loop. Never pauses the writer (we bound it ourselves, without blocking);
    // the inline reader scheduler lets an idle send loop write to the socket right in the worker's Send (a non-blocking
    // socket send; a full socket buffer makes it asynchronous), so a packet costs no thread hop and no allocation.
    private readonly Pipe _sendPipe = new(new PipeOptions(
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 0,
        resumeWriterThreshold: 0,
        useSynchronizationContext: false));

    private int _queuedSendBytes;
    private int _ended;
    private bool _writerCompleted;

    public IceTcpConnection(IceTcpListener listener, Socket socket)
    {
        _listener = listener;
        _socket = socket;
        RemoteAddress = socket.RemoteEndPoint!.Serialize();
    }

    /// <summary>The peer's address (the tuple's remote half; stored, never overwritten).</summary>
    public SocketAddress RemoteAddress { get; }

    public ProtocolType Protocol => ProtocolType.Tcp;

    public int LocalPort => _listener.LocalPort;

    public WebRtcServer Server => _listener.Server;

    public DatagramPool Pool => _listener.Pool;

    /// <summary>The transport whose ICE validated this connection; null until then. Worker thread.</summary>
    public WebRtcTransport? Transport { get; set; }

    /// <summary>When the worker learnt of the connection (for the ICE timeout). Worker thread.</summary>
    public long AcceptedUs { get; set; }

    public bool IsClosed => Volatile.Read(ref _ended) != 0;

    /// <summary>Bytes waiting to be sent.</summary>
    public int QueuedSendBytes => Volatile.Read(ref _queuedSendBytes);

    public void Start()
    {
        _ = Task.Run(ReceiveLoopAsync);
        _ = SendLoopAsync();
    }

    /// <summary>Frames <paramref name="packet"/> and queues it; false (counted) when the queue is over its limit or
    /// the connection is gone. Worker thread only (the pipe has one writer).</summary>
    public bool Send(ReadOnlySpan<byte> packet, SocketAddress remote)
    {
        if (_writerCompleted || IsClosed)
        {
            return false;
        }

        var frameLength = FrameHeaderLength + packet.Length;
        if (packet.Length > ushort.MaxValue || Interlocked.Add(ref _queuedSendBytes, frameLength) > MaxQueuedSendBytes)
        {
            Interlocked.Add(ref _queuedSendBytes, -frameLength);
            _listener.Worker.Metrics.CountDrop("ice_tcp_send_queue_full");
            return false;
        }

        var writer = _sendPipe.Writer;
        var frame = writer.GetSpan(frameLength);
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)packet.Length);
        packet.CopyTo(frame[FrameHeaderLength..]);
        writer.Advance(frameLength);
        var flush = writer.FlushAsync();
        Debug.Assert(flush.IsCompleted, "a pipe without a pause threshold completes every flush at once");
        return !flush.GetAwaiter().GetResult().IsCompleted; // completed = the send loop is gone
    }

    /// <summary>Closes the connection from the worker (timeout, tuple removed, transport closed).</summary>
    public void Close(IceTcpCloseReason reason)
    {
        CompleteWriter();
        Abort(reason);
    }

    /// <summary>The worker is done writing (worker thread; idempotent).</summary>
    public void CompleteWriter()
    {
        if (!_writerCompleted)
        {
            _writerCompleted = true;
            _sendPipe.Writer.Complete();
        }
    }

    /// <summary>Ends the connection once, from any thread: counts the reason, closes the socket (which ends both
    /// loops) and tells the worker, which removes the tuple.</summary>
    public void Abort(IceTcpCloseReason reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        _listener.Worker.Metrics.CountIceTcpClosed(reason);
        _sendPipe.Reader.CancelPendingRead();
        _socket.Dispose();
        _listener.OnConnectionEnded(this);
        var server = _listener.Server;
        _listener.Worker.Post(() => server.OnTcpClosed(this));
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = _receiveBuffer;
        var filled = 0;
        var skip = 0;
        var reason = IceTcpCloseReason.PeerClosed;
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                {
                    break;
                }

                filled += received;
                var consumed = DeliverFrames(buffer.AsSpan(0, filled), ref skip);
                filled -= consumed;
                buffer.AsSpan(consumed, filled).CopyTo(buffer);
            }
        }
        catch (SocketException)
        {
            reason = IceTcpCloseReason.ReceiveError;
        }
        catch (ObjectDisposedException)
        {
            reason = IceTcpCloseReason.Shutdown; // closed by us: Abort already ran
        }
        finally
        {
            Abort(reason); // whatever ended the loop, the connection and its tuple go
        }
    }

    /// <summary>Hands every complete frame of <paramref name="data"/> to the worker; returns the bytes consumed (a
    /// partial frame stays for the next read). <paramref name="skip"/> carries what is left of an oversize frame.</summary>
    private int DeliverFrames(ReadOnlySpan<byte> data, ref int skip)
    {
        var offset = 0;
        while (true)
        {
            if (skip > 0)
            {
                var skipped = Math.Min(skip, data.Length - offset);
                offset += skipped;
                skip -= skipped;
                if (skip > 0)
                {
                    return offset;
                }
            }

            if (data.Length - offset < FrameHeaderLength)
            {
                return offset;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            if (length is 0 or > Datagram.BufferSize)
            {
                // No WebRTC packet is empty or larger than a path MTU: skip the frame, the framing stays in step.
                _listener.Worker.Metrics.CountDrop("ice_tcp_bad_frame_length");
                offset += FrameHeaderLength;
                skip = length;
                continue;
            }

            if (data.Length - offset - FrameHeaderLength < length)
            {
                return offset;
            }

            Deliver(data.Slice(offset + FrameHeaderLength, length));
            offset += FrameHeaderLength + length;
        }
    }

    private void Deliver(ReadOnlySpan<byte> packet)
    {
        var pool = _listener.Pool;
        var datagram = pool.Rent();
        packet.CopyTo(datagram.Buffer);
        datagram.Length = packet.Length;
        datagram.Source = this;
        var address = datagram.Address;
        RemoteAddress.Buffer.Span[..RemoteAddress.Size].CopyTo(address.Buffer.Span);
        address.Size = RemoteAddress.Size;
        if (!_listener.Worker.TryPostDatagram(datagram))
        {
            _listener.Worker.Metrics.CountDrop("queue_full");
            pool.Return(datagram);
        }
    }

    private async Task SendLoopAsync()
    {
        var reader = _sendPipe.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break; // Abort
                }

                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    var remaining = segment;
                    while (!remaining.IsEmpty)
                    {
                        var sent = await _socket.SendAsync(remaining, SocketFlags.None).ConfigureAwait(false);
                        remaining = remaining[sent..];
                    }
                }

                Interlocked.Add(ref _queuedSendBytes, -(int)buffer.Length);
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (SocketException)
        {
            Abort(IceTcpCloseReason.SendError);
        }
        catch (ObjectDisposedException)
        {
            // closed by Abort
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }
}
