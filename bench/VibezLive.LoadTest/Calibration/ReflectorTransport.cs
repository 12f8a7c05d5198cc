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

namespace VibezLive.LoadTest.Calibration;

/// <summary>
/// The server side of one transport of the in-process <see cref="LoopbackReflector"/>: ICE-lite Binding responses
/// (RFC 8445 §2.5), DTLS server, SRTP. It stands in for an SFU so the generator can be checked and calibrated
/// without one; it is deliberately simple, not a model of a real SFU.
/// </summary>
internal sealed class ReflectorTransport : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _receiveBuffer = GC.AllocateArray<byte>(2048, pinned: true);
    private readonly byte[] _sendBuffer = GC.AllocateArray<byte>(2048, pinned: true);
    private readonly byte[] _password;
    private readonly DtlsCertificate _certificate;
    private readonly Lock _sendLock = new();
    private readonly CancellationTokenSource _closing = new();
    private DtlsTransport? _dtls;
    private SrtpSession? _inbound;
    private SrtpSession? _outbound;
    private Task _loop = Task.CompletedTask;
    private bool _connected;
    private int _dropAccumulator;

    public ReflectorTransport(DtlsCertificate certificate)
    {
        _certificate = certificate;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 21, SendBufferSize = 1 << 21 };
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        UsernameFragment = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        string password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        _password = Encoding.UTF8.GetBytes(password);
        Info = new TransportInfo(Guid.NewGuid().ToString("D"), UsernameFragment, password, (IPEndPoint)_socket.LocalEndPoint!, certificate.Fingerprints);
    }

    public string UsernameFragment { get; }

    public TransportInfo Info { get; }

    /// <summary>Per mille of forwarded packets dropped on purpose (evenly spread), to check the loss measurement.</summary>
    public int DropPerMille { get; init; }

    /// <summary>Called with each decrypted inbound RTP packet (on this transport's receive loop).</summary>
    public Action<Span<byte>>? OnRtp { get; set; }

    /// <summary>Starts serving; the DTLS handshake begins once the client's fingerprint is known.</summary>
    public void Start(DtlsFingerprint clientFingerprint)
    {
        _dtls = new DtlsTransport(_certificate, DtlsRole.Server, [clientFingerprint], SendDtls, NullLogger.Instance, TimeSpan.FromSeconds(15));
        _loop = Task.Run(ReceiveLoopAsync);
        _ = HandshakeAsync();
    }

    private async Task HandshakeAsync()
    {
        try
        {
            SrtpKeys keys = await _dtls!.HandshakeAsync(_closing.Token);
            _inbound = new SrtpSession(keys.Profile, keys.RemoteMasterKey, keys.RemoteMasterSalt);
            Volatile.Write(ref _outbound, new SrtpSession(keys.Profile, keys.LocalMasterKey, keys.LocalMasterSalt));
        }
        catch (Exception ex) when (ex is DtlsHandshakeException or OperationCanceledException or ObjectDisposedException)
        {
            // The client's ConnectAsync reports the failure.
        }
    }

    /// <summary>Copies a plain RTP packet, protects it, and sends it to this transport's client.</summary>
    public void Forward(ReadOnlySpan<byte> packet)
    {
        // Evenly spread drops (error diffusion): exactly DropPerMille of every 1000 packets, one every 1000/P.
        if (DropPerMille > 0)
        {
            _dropAccumulator += DropPerMille;
            if (_dropAccumulator >= 1000)
            {
                _dropAccumulator -= 1000;
                return;
            }
        }

        lock (_sendLock)
        {
            if (Volatile.Read(ref _outbound) is not { } srtp || !_connected)
            {
                return;
            }

            packet.CopyTo(_sendBuffer);
            if (srtp.ProtectRtp(_sendBuffer, packet.Length, out int length) == SrtpError.None)
            {
                try
                {
                    _socket.Send(_sendBuffer.AsSpan(0, length));
                }
                catch (SocketException)
                {
                    // Client gone.
                }
            }
        }
    }

    private void SendDtls(ReadOnlyMemory<byte> datagram)
    {
        try
        {
            if (_connected)
            {
                _socket.Send(datagram.Span);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // DTLS retransmits.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var any = new IPEndPoint(IPAddress.Any, 0);
        while (!_closing.IsCancellationRequested)
        {
            int n;
            try
            {
                if (!_connected)
                {
                    SocketReceiveFromResult r = await _socket.ReceiveFromAsync(_receiveBuffer, SocketFlags.None, any, _closing.Token);
                    n = r.ReceivedBytes;
                    if (PacketClassifier.Classify(_receiveBuffer.AsSpan(0, n)) == PacketKind.Stun)
                    {
                        _socket.Connect(r.RemoteEndPoint);
                        _connected = true;
                    }
                }
                else
                {
                    n = await _socket.ReceiveAsync(_receiveBuffer, SocketFlags.None);
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

            Span<byte> datagram = _receiveBuffer.AsSpan(0, n);
            switch (PacketClassifier.Classify(datagram))
            {
                case PacketKind.Stun:
                    AnswerBinding(datagram);
                    break;
                case PacketKind.Dtls:
                    _dtls?.OnDatagramReceived(datagram);
                    break;
                case PacketKind.Rtp:
                    if (_inbound is { } srtp && srtp.UnprotectRtp(datagram, n, out int plain) == SrtpError.None)
                    {
                        OnRtp?.Invoke(datagram[..plain]);
                    }

                    break;
                default:
                    break; // RTCP from the clients is not needed here
            }
        }
    }

    private void AnswerBinding(ReadOnlySpan<byte> datagram)
    {
        if (!StunMessage.TryParse(datagram, out var request) || request.Class != StunClass.Request || !request.VerifyMessageIntegrity(_password))
        {
            return;
        }

        var remote = (IPEndPoint)_socket.RemoteEndPoint!;
        lock (_sendLock)
        {
            var writer = new StunMessageWriter(_sendBuffer, StunMethod.Binding, StunClass.SuccessResponse, request.TransactionId);
            writer.AddXorMappedAddress(remote.Address.GetAddressBytes(), (ushort)remote.Port);
            writer.AddMessageIntegrity(_password);
            writer.AddFingerprint();
            try
            {
                _socket.Send(_sendBuffer.AsSpan(0, writer.Length));
            }
            catch (SocketException)
            {
                // Client retries.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _dtls?.Close();
        _socket.Dispose();
        await _loop.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { }, TaskScheduler.Default);
        lock (_sendLock)
        {
            _outbound?.Dispose();
            _outbound = null;
        }

        _dtls?.Dispose();
        _inbound?.Dispose();
        _closing.Dispose();
    }
}
