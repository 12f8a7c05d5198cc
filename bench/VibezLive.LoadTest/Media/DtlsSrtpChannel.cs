using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using VibezLive.Media.Dtls;
using VibezLive.Protocols.Demux;
using VibezLive.Protocols.Srtp;

namespace VibezLive.LoadTest.Media;

/// <summary>
/// One UDP 5-tuple carrying STUN, DTLS and SRTP/SRTCP, demultiplexed by first byte (RFC 7983): the part both ends
/// of a transport share, the generator's <see cref="ClientTransport"/> and the calibration reflector's server side.
/// A socket that is not connected yet takes its peer from the first STUN datagram (what an ICE-lite server learns
/// from the first check, RFC 8445 §2.5); it is then connected and used as such.
/// </summary>
/// <remarks>
/// Threads: the receive loop owns the inbound SRTP session; every send that needs the outbound session takes
/// <see cref="_sendLock"/> (uncontended in practice). Nothing on the packet path allocates.
/// </remarks>
internal sealed class DtlsSrtpChannel : IAsyncDisposable
{
    private const int BufferSize = 2048;

    private readonly Socket _socket;
    private readonly IPacketSink _media;
    private readonly Action<ReadOnlySpan<byte>> _onStun;
    private readonly byte[] _receiveBuffer = GC.AllocateArray<byte>(BufferSize, pinned: true);
    private readonly Lock _sendLock = new();
    private readonly CancellationTokenSource _closing = new();
    private DtlsTransport? _dtls;
    private SrtpSession? _inbound;
    private SrtpSession? _outbound;
    private Task _receiveLoop = Task.CompletedTask;
    private volatile bool _disposed;

    /// <param name="socket">Bound (and, for a client, connected) UDP socket; owned from now on.</param>
    /// <param name="media">Receives decrypted RTP and RTCP on the receive loop.</param>
    /// <param name="onStun">Receives STUN datagrams on the receive loop.</param>
    public DtlsSrtpChannel(Socket socket, IPacketSink media, Action<ReadOnlySpan<byte>> onStun)
    {
        _socket = socket;
        _media = media;
        _onStun = onStun;
    }

    /// <summary>SRTP keys are in place: media can flow.</summary>
    public bool IsReady => Volatile.Read(ref _outbound) is not null && !_disposed;

    public bool IsConnected => _socket.Connected;

    /// <summary>The connected peer (after the first STUN datagram on a server socket).</summary>
    public EndPoint? RemoteEndPoint => _socket.Connected ? _socket.RemoteEndPoint : null;

    public long PacketsSent { get; private set; }

    public long BytesSent { get; private set; }

    public long PacketsReceived { get; private set; }

    public long BytesReceived { get; private set; }

    /// <summary>Datagrams dropped on receive: SRTP failures, unknown kinds, media before the keys.</summary>
    public long ReceiveDrops { get; private set; }

    /// <summary>Starts the receive loop.</summary>
    public void Start() => _receiveLoop = Task.Run(ReceiveLoopAsync, CancellationToken.None);

    /// <summary>The DTLS handshake in <paramref name="role"/> (RFC 5764), then the SRTP sessions from its keys. Throws on failure.</summary>
    public async Task HandshakeAsync(DtlsCertificate certificate, DtlsRole role, IReadOnlyList<DtlsFingerprint> remoteFingerprints, CancellationToken ct)
    {
        var dtls = new DtlsTransport(certificate, role, remoteFingerprints, SendDtls, NullLogger.Instance, TimeSpan.FromSeconds(15));
        lock (_sendLock)
        {
            if (_disposed)
            {
                dtls.Dispose();
                throw new ObjectDisposedException(nameof(DtlsSrtpChannel));
            }

            Volatile.Write(ref _dtls, dtls);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _closing.Token);
        SrtpKeys keys = await dtls.HandshakeAsync(linked.Token);
        _inbound = new SrtpSession(keys.Profile, keys.RemoteMasterKey, keys.RemoteMasterSalt);
        Volatile.Write(ref _outbound, new SrtpSession(keys.Profile, keys.LocalMasterKey, keys.LocalMasterSalt));
    }

    /// <summary>Protects the plain RTP in buffer[0, length) in place and sends it. The buffer needs <see cref="SrtpSession.MaxOverhead"/> spare bytes.</summary>
    public bool SendRtp(Span<byte> buffer, int length) => SendProtected(buffer, length, rtcp: false);

    /// <summary>Protects the plain RTCP in buffer[0, length) in place and sends it.</summary>
    public bool SendRtcp(Span<byte> buffer, int length) => SendProtected(buffer, length, rtcp: true);

    /// <summary>Sends a datagram as is (STUN) to the connected peer; false when there is none yet or it is gone.</summary>
    public bool SendPlain(ReadOnlySpan<byte> datagram)
    {
        if (_disposed || !_socket.Connected)
        {
            return false;
        }

        try
        {
            _socket.Send(datagram);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false; // retried by the ICE check timer, or the peer is gone
        }
    }

    private bool SendProtected(Span<byte> buffer, int length, bool rtcp)
    {
        lock (_sendLock)
        {
            SrtpSession? outbound = _outbound;
            if (outbound is null || _disposed)
            {
                return false;
            }

            SrtpError error = rtcp
                ? outbound.ProtectRtcp(buffer, length, out int protectedLength)
                : outbound.ProtectRtp(buffer, length, out protectedLength);
            if (error != SrtpError.None)
            {
                return false;
            }

            try
            {
                _socket.Send(buffer[..protectedLength]);
            }
            catch (SocketException)
            {
                // ECONNREFUSED after the peer closed the transport; the scenario notices through signaling.
                return false;
            }

            PacketsSent++;
            BytesSent += protectedLength;
            return true;
        }
    }

    private void SendDtls(ReadOnlyMemory<byte> datagram) => SendPlain(datagram.Span); // DTLS retransmits on its own timer

    private async Task ReceiveLoopAsync()
    {
        var any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        Memory<byte> memory = _receiveBuffer;
        while (!_disposed)
        {
            int n;
            try
            {
                if (_socket.Connected)
                {
                    n = await _socket.ReceiveAsync(memory, SocketFlags.None);
                }
                else
                {
                    SocketReceiveFromResult r = await _socket.ReceiveFromAsync(memory, SocketFlags.None, any, _closing.Token);
                    n = r.ReceivedBytes;
                    if (PacketClassifier.Classify(_receiveBuffer.AsSpan(0, n)) != PacketKind.Stun)
                    {
                        continue; // nothing but a connectivity check may pick the peer
                    }

                    _socket.Connect(r.RemoteEndPoint);
                }
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                continue;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                break;
            }

            OnDatagram(_receiveBuffer.AsSpan(0, n), System.Diagnostics.Stopwatch.GetTimestamp());
        }
    }

    private void OnDatagram(Span<byte> datagram, long arrival)
    {
        PacketsReceived++;
        BytesReceived += datagram.Length;
        PacketKind kind = PacketClassifier.Classify(datagram);
        switch (kind)
        {
            case PacketKind.Rtp or PacketKind.Rtcp:
                if (_inbound is not { } srtp)
                {
                    ReceiveDrops++;
                }
                else if (kind == PacketKind.Rtp)
                {
                    Deliver(srtp.UnprotectRtp(datagram, datagram.Length, out int plain), datagram, plain, arrival, rtcp: false);
                }
                else
                {
                    Deliver(srtp.UnprotectRtcp(datagram, datagram.Length, out int plain), datagram, plain, arrival, rtcp: true);
                }

                break;
            case PacketKind.Stun:
                _onStun(datagram);
                break;
            case PacketKind.Dtls:
                Volatile.Read(ref _dtls)?.OnDatagramReceived(datagram);
                break;
            default:
                ReceiveDrops++;
                break;
        }
    }

    private void Deliver(SrtpError error, Span<byte> datagram, int plainLength, long arrival, bool rtcp)
    {
        if (error != SrtpError.None)
        {
            ReceiveDrops++;
        }
        else if (rtcp)
        {
            _media.OnRtcp(datagram[..plainLength], arrival);
        }
        else
        {
            _media.OnRtp(datagram[..plainLength], arrival);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_sendLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _closing.CancelAsync();
        try
        {
            Volatile.Read(ref _dtls)?.Close();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or IOException)
        {
            // Stops the DTLS timers; no close_notify goes out once disposed (the socket closes right after).
        }

        _socket.Dispose();
        await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { }, TaskScheduler.Default);
        lock (_sendLock)
        {
            _dtls?.Dispose();
            _outbound?.Dispose();
            _outbound = null;
        }

        _inbound?.Dispose();
        _closing.Dispose();
    }
}
