using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using VibezLive.LoadTest.Signaling;
using VibezLive.Media.Dtls;
using VibezLive.Protocols.Demux;
using VibezLive.Protocols.Srtp;
using VibezLive.Protocols.Stun;

namespace VibezLive.LoadTest.Media;

/// <summary>
/// The client side of one WebRTC transport, as a browser would run it against an ICE-lite SFU: one connected UDP
/// socket; ICE controlling with USE-CANDIDATE (RFC 8445 §7.2.5, §8.1.1) and consent freshness (RFC 7675); DTLS
/// client (RFC 5764); SRTP/SRTCP both ways. Inbound media goes to an <see cref="IPacketSink"/>.
/// </summary>
/// <remarks>
/// Threads: the receive loop owns the inbound SRTP session; every outbound send that needs the outbound SRTP
/// session takes <see cref="_sendLock"/> (uncontended in practice: media from the scheduler thread, NACKs from the
/// receive loop). Nothing on the packet path allocates.
/// </remarks>
internal sealed class ClientTransport : ITicker, IAsyncDisposable
{
    private const int BufferSize = 2048;
    private static readonly long ConsentInterval = Stopwatch.Frequency * 5;

    private readonly TransportInfo _info;
    private readonly IPacketSink _sink;
    private readonly Socket _socket;
    private readonly byte[] _receiveBuffer = GC.AllocateArray<byte>(BufferSize, pinned: true);
    private readonly byte[] _stunBuffer = new byte[StunConstants.MaxIceMessageLength];
    private readonly byte[] _integrityKey;
    private readonly byte[] _username;
    private readonly byte[] _transactionId = new byte[StunConstants.TransactionIdLength];
    private readonly ulong _tieBreaker;
    private readonly Lock _sendLock = new();
    private readonly TaskCompletionSource _iceConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DtlsTransport? _dtls;
    private SrtpSession? _inbound;
    private SrtpSession? _outbound;
    private Task _receiveLoop = Task.CompletedTask;
    private long _nextConsent;
    private ushort _transportSequence;
    private volatile bool _disposed;

    public ClientTransport(TransportInfo info, IPacketSink sink, int receiveBufferBytes)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (!IPAddress.IsLoopback(info.UdpCandidate.Address))
        {
            throw new InvalidOperationException($"refusing non-loopback target {info.UdpCandidate}");
        }

        _info = info;
        _sink = sink;
        _integrityKey = Encoding.UTF8.GetBytes(info.IcePassword);
        string localUfrag = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        _username = Encoding.UTF8.GetBytes(info.IceUsernameFragment + ":" + localUfrag);
        _tieBreaker = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        _socket = new Socket(info.UdpCandidate.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.ReceiveBufferSize = receiveBufferBytes;
        _socket.SendBufferSize = 1 << 20;
        _socket.Bind(new IPEndPoint(info.UdpCandidate.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback, 0));
        _socket.Connect(info.UdpCandidate);
    }

    public string Id => _info.Id;

    /// <summary>SRTP keys are in place: media can flow.</summary>
    public bool IsReady => Volatile.Read(ref _outbound) is not null && !_disposed;

    public long PacketsSent { get; private set; }

    public long BytesSent { get; private set; }

    public long PacketsReceived { get; private set; }

    public long BytesReceived { get; private set; }

    /// <summary>Datagrams dropped on receive: SRTP failures, unknown kinds, media before the keys.</summary>
    public long ReceiveDrops { get; private set; }

    /// <summary>
    /// ICE checks until a success response, in parallel with <paramref name="signalConnect"/> (connectTransport),
    /// then the DTLS handshake as client. Throws on timeout or failure.
    /// </summary>
    public async Task ConnectAsync(DtlsCertificate certificate, Func<DtlsFingerprint, CancellationToken, Task> signalConnect, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(signalConnect);
        _receiveLoop = Task.Run(ReceiveLoopAsync, CancellationToken.None);

        DtlsFingerprint fingerprint = certificate.Fingerprints.FirstOrDefault(f => f.Algorithm == "sha-256")
            ?? (certificate.Fingerprints.Count > 0 ? certificate.Fingerprints[0] : new DtlsFingerprint("sha-256", "00"));
        Task signaling = signalConnect(fingerprint, ct);

        RandomNumberGenerator.Fill(_transactionId);
        for (int attempt = 0; !_iceConnected.Task.IsCompleted; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            if (signaling.IsFaulted)
            {
                await signaling; // connectTransport was refused: report that, not an ICE timeout
            }

            if (attempt >= 100)
            {
                throw new TimeoutException($"transport {_info.Id}: no ICE Binding success response from {_info.UdpCandidate}");
            }

            SendBindingRequest(useCandidate: true);
            await Task.WhenAny(_iceConnected.Task, Task.Delay(attempt < 10 ? 50 : 200, ct));
        }

        await signaling;
        _nextConsent = Stopwatch.GetTimestamp() + ConsentInterval;

        _dtls = new DtlsTransport(certificate, DtlsRole.Client, _info.Fingerprints, SendDtls, NullLogger.Instance, TimeSpan.FromSeconds(15));
        SrtpKeys keys = await _dtls.HandshakeAsync(ct);
        _inbound = new SrtpSession(keys.Profile, keys.RemoteMasterKey, keys.RemoteMasterSalt);
        Volatile.Write(ref _outbound, new SrtpSession(keys.Profile, keys.LocalMasterKey, keys.LocalMasterSalt));
    }

    /// <summary>The next transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01). Scheduler thread only.</summary>
    public ushort NextTransportSequence() => _transportSequence++;

    /// <summary>Protects the plain RTP in buffer[0, length) in place and sends it. The buffer needs <see cref="SrtpSession.MaxOverhead"/> spare bytes.</summary>
    public bool SendRtp(Span<byte> buffer, int length) => Send(buffer, length, rtcp: false);

    /// <summary>Protects the plain RTCP in buffer[0, length) in place and sends it.</summary>
    public bool SendRtcp(Span<byte> buffer, int length) => Send(buffer, length, rtcp: true);

    private bool Send(Span<byte> buffer, int length, bool rtcp)
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
                // ECONNREFUSED after the server closed the transport; the scenario notices through signaling.
                return false;
            }

            PacketsSent++;
            BytesSent += protectedLength;
            return true;
        }
    }

    /// <summary>Consent freshness: a Binding request every 5 s once connected (scheduler thread).</summary>
    public void Tick(long now)
    {
        if (_nextConsent != 0 && now >= _nextConsent && !_disposed)
        {
            _nextConsent = now + ConsentInterval;
            RandomNumberGenerator.Fill(_transactionId);
            SendBindingRequest(useCandidate: true);
        }
    }

    private void SendBindingRequest(bool useCandidate)
    {
        lock (_sendLock)
        {
            if (_disposed)
            {
                return;
            }

            var writer = new StunMessageWriter(_stunBuffer, StunMethod.Binding, StunClass.Request, _transactionId);
            writer.AddUsername(_username);

            // RFC 8445 §5.1.2.1 priority of a peer-reflexive candidate: type preference 110, local 65535, component 1.
            writer.AddPriority((110u << 24) | (65535u << 8) | 255u);
            writer.AddIceControlling(_tieBreaker);
            if (useCandidate)
            {
                writer.AddUseCandidate();
            }

            writer.AddMessageIntegrity(_integrityKey);
            writer.AddFingerprint();
            try
            {
                _socket.Send(_stunBuffer.AsSpan(0, writer.Length));
            }
            catch (SocketException)
            {
                // Retried by the caller.
            }
        }
    }

    private void SendDtls(ReadOnlyMemory<byte> datagram)
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            _socket.Send(datagram.Span);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // DTLS retransmits on its own timer.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        Memory<byte> memory = _receiveBuffer;
        while (!_disposed)
        {
            int n;
            try
            {
                n = await _socket.ReceiveAsync(memory, SocketFlags.None);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                continue;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                break;
            }

            OnDatagram(_receiveBuffer.AsSpan(0, n), Stopwatch.GetTimestamp());
        }
    }

    private void OnDatagram(Span<byte> datagram, long arrival)
    {
        PacketsReceived++;
        BytesReceived += datagram.Length;
        switch (PacketClassifier.Classify(datagram))
        {
            case PacketKind.Rtp:
                if (_inbound is { } srtp && srtp.UnprotectRtp(datagram, datagram.Length, out int plain) == SrtpError.None)
                {
                    _sink.OnRtp(datagram[..plain], arrival);
                }
                else
                {
                    ReceiveDrops++;
                }

                break;
            case PacketKind.Rtcp:
                if (_inbound is { } srtcp && srtcp.UnprotectRtcp(datagram, datagram.Length, out int plainRtcp) == SrtpError.None)
                {
                    _sink.OnRtcp(datagram[..plainRtcp], arrival);
                }
                else
                {
                    ReceiveDrops++;
                }

                break;
            case PacketKind.Stun:
                OnStun(datagram);
                break;
            case PacketKind.Dtls:
                _dtls?.OnDatagramReceived(datagram);
                break;
            default:
                ReceiveDrops++;
                break;
        }
    }

    private void OnStun(ReadOnlySpan<byte> datagram)
    {
        if (!StunMessage.TryParse(datagram, out var message)
            || message.Method != StunMethod.Binding
            || message.Class != StunClass.SuccessResponse)
        {
            return;
        }

        // Responses are authenticated with the password of the agent that answered (RFC 8445 §7.2.5.1: the server's).
        if (message.HasMessageIntegrity && message.VerifyMessageIntegrity(_integrityKey))
        {
            _iceConnected.TrySetResult();
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

        try
        {
            _dtls?.Close();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or IOException)
        {
            // Best effort close_notify.
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
    }
}
