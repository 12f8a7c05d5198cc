using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using VibezLive.LoadTest.Media;
using VibezLive.LoadTest.Signaling;
using VibezLive.Media.Dtls;
using VibezLive.Protocols.Srtp;
using VibezLive.Protocols.Stun;

namespace VibezLive.LoadTest.Calibration;

/// <summary>
/// The server side of one transport of the in-process <see cref="LoopbackReflector"/>: ICE-lite Binding responses
/// (RFC 8445 §2.5), DTLS server, SRTP (<see cref="DtlsSrtpChannel"/>, shared with the client). It stands in for an
/// SFU so the generator can be checked and calibrated without one; it is deliberately simple, not a model of a
/// real SFU.
/// </summary>
/// <remarks>
/// Threads: STUN is answered on this transport's receive loop, <see cref="Forward"/> runs on the publisher's
/// receive loop; each owns its buffer.
/// </remarks>
internal sealed class ReflectorTransport : IPacketSink, IAsyncDisposable
{
    private readonly DtlsSrtpChannel _channel;
    private readonly byte[] _forwardBuffer = GC.AllocateArray<byte>(2048, pinned: true);
    private readonly byte[] _stunBuffer = new byte[StunConstants.MaxIceMessageLength];
    private readonly IncrementalHash _integrity; // receive loop only: verifies requests, then signs the response
    private readonly DtlsCertificate _certificate;
    private int _dropAccumulator;

    public ReflectorTransport(DtlsCertificate certificate)
    {
        _certificate = certificate;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 21, SendBufferSize = 1 << 21 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        UsernameFragment = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        string password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        _integrity = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, Encoding.UTF8.GetBytes(password));
        Info = new TransportInfo(Guid.NewGuid().ToString("D"), UsernameFragment, password, (IPEndPoint)socket.LocalEndPoint!, certificate.Fingerprints);
        _channel = new DtlsSrtpChannel(socket, this, AnswerBinding);
    }

    public string UsernameFragment { get; }

    public TransportInfo Info { get; }

    /// <summary>Per mille of forwarded packets dropped on purpose (evenly spread), to check the loss measurement.</summary>
    public int DropPerMille { get; init; }

    /// <summary>Called with each decrypted inbound RTP packet (on this transport's receive loop).</summary>
    public Action<ReadOnlySpan<byte>>? OnRtp { get; set; }

    /// <summary>Starts serving; the DTLS handshake begins once the client's fingerprint is known.</summary>
    public void Start(DtlsFingerprint clientFingerprint)
    {
        _channel.Start();
        _ = HandshakeAsync(clientFingerprint);
    }

    private async Task HandshakeAsync(DtlsFingerprint clientFingerprint)
    {
        try
        {
            await _channel.HandshakeAsync(_certificate, DtlsRole.Server, [clientFingerprint], CancellationToken.None);
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

        if (!_channel.IsReady || packet.Length > _forwardBuffer.Length - SrtpSession.MaxOverhead)
        {
            return;
        }

        packet.CopyTo(_forwardBuffer);
        _channel.SendRtp(_forwardBuffer, packet.Length);
    }

    void IPacketSink.OnRtp(ReadOnlySpan<byte> packet, long arrival) => OnRtp?.Invoke(packet);

    void IPacketSink.OnRtcp(ReadOnlySpan<byte> packet, long arrival)
    {
        // RTCP from the clients is not needed here.
    }

    private void AnswerBinding(ReadOnlySpan<byte> datagram)
    {
        if (!StunMessage.TryParse(datagram, out var request) || request.Class != StunClass.Request
            || !request.VerifyMessageIntegrity(_integrity) || _channel.RemoteEndPoint is not IPEndPoint remote)
        {
            return;
        }

        var writer = new StunMessageWriter(_stunBuffer, StunMethod.Binding, StunClass.SuccessResponse, request.TransactionId);
        writer.AddXorMappedAddress(remote.Address.GetAddressBytes(), (ushort)remote.Port);
        writer.AddMessageIntegrity(_integrity);
        writer.AddFingerprint();
        _channel.SendPlain(writer.Written); // the client retries
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync(); // the receive loop has ended: nobody uses the HMAC any more
        _integrity.Dispose();
    }
}
