using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using VibezLive.LoadTest.Signaling;
using VibezLive.Media.Dtls;
using VibezLive.Protocols.Srtp;
using VibezLive.Protocols.Stun;

namespace VibezLive.LoadTest.Media;

/// <summary>
/// The client side of one WebRTC transport, as a browser would run it against an ICE-lite SFU: one connected UDP
/// socket; ICE controlling with USE-CANDIDATE (RFC 8445 §7.2.5, §8.1.1) and consent freshness (RFC 7675); DTLS
/// client (RFC 5764); SRTP/SRTCP both ways (<see cref="DtlsSrtpChannel"/>). Inbound media goes to an
/// <see cref="IPacketSink"/>.
/// </summary>
/// <remarks>
/// Threads: STUN requests are written under <see cref="_stunLock"/> (connect loop and scheduler thread); responses
/// are checked on the receive loop with their own HMAC. Nothing on the packet path allocates.
/// </remarks>
internal sealed class ClientTransport : ITicker, IAsyncDisposable
{
    private static readonly long ConsentInterval = Stopwatch.Frequency * 5;

    private readonly TransportInfo _info;
    private readonly DtlsSrtpChannel _channel;
    private readonly byte[] _stunBuffer = new byte[StunConstants.MaxIceMessageLength];
    private readonly IncrementalHash _requestIntegrity; // under _stunLock
    private readonly IncrementalHash _responseIntegrity; // receive loop only
    private readonly byte[] _username;
    private readonly byte[] _transactionId = new byte[StunConstants.TransactionIdLength];
    private readonly ulong _tieBreaker;
    private readonly Lock _stunLock = new();
    private readonly TaskCompletionSource _iceConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextConsent;
    private ushort _transportSequence;
    private bool _disposed;

    public ClientTransport(TransportInfo info, IPacketSink sink, int receiveBufferBytes)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (!IPAddress.IsLoopback(info.UdpCandidate.Address))
        {
            throw new InvalidOperationException($"refusing non-loopback target {info.UdpCandidate}");
        }

        _info = info;
        byte[] password = Encoding.UTF8.GetBytes(info.IcePassword);
        _requestIntegrity = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, password);
        _responseIntegrity = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, password);
        string localUfrag = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        _username = Encoding.UTF8.GetBytes(info.IceUsernameFragment + ":" + localUfrag);
        _tieBreaker = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        var socket = new Socket(info.UdpCandidate.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = receiveBufferBytes;
        socket.SendBufferSize = 1 << 20;
        socket.Bind(new IPEndPoint(info.UdpCandidate.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback, 0));
        socket.Connect(info.UdpCandidate);
        _channel = new DtlsSrtpChannel(socket, sink, OnStun);
    }

    public string Id => _info.Id;

    /// <summary>SRTP keys are in place: media can flow.</summary>
    public bool IsReady => _channel.IsReady;

    /// <summary>
    /// ICE checks until a success response, in parallel with <paramref name="signalConnect"/> (connectTransport),
    /// then the DTLS handshake as client. Throws on timeout or failure.
    /// </summary>
    public async Task ConnectAsync(DtlsCertificate certificate, Func<DtlsFingerprint, CancellationToken, Task> signalConnect, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(signalConnect);
        _channel.Start();

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
        await _channel.HandshakeAsync(certificate, DtlsRole.Client, _info.Fingerprints, ct);
    }

    /// <summary>The next transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01). Scheduler thread only.</summary>
    public ushort NextTransportSequence() => _transportSequence++;

    /// <summary>Protects the plain RTP in buffer[0, length) in place and sends it. The buffer needs <see cref="SrtpSession.MaxOverhead"/> spare bytes.</summary>
    public bool SendRtp(Span<byte> buffer, int length) => _channel.SendRtp(buffer, length);

    /// <summary>Protects the plain RTCP in buffer[0, length) in place and sends it.</summary>
    public bool SendRtcp(Span<byte> buffer, int length) => _channel.SendRtcp(buffer, length);

    /// <summary>Consent freshness: a Binding request every 5 s once connected (scheduler thread).</summary>
    public void Tick(long now)
    {
        if (_nextConsent != 0 && now >= _nextConsent && !Volatile.Read(ref _disposed))
        {
            _nextConsent = now + ConsentInterval;
            RandomNumberGenerator.Fill(_transactionId);
            SendBindingRequest(useCandidate: true);
        }
    }

    private void SendBindingRequest(bool useCandidate)
    {
        lock (_stunLock)
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

            writer.AddMessageIntegrity(_requestIntegrity);
            writer.AddFingerprint();
            _channel.SendPlain(writer.Written); // retried by the caller
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
        if (message.HasMessageIntegrity && message.VerifyMessageIntegrity(_responseIntegrity))
        {
            _iceConnected.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_stunLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _channel.DisposeAsync(); // the receive loop has ended: nobody uses the HMACs any more
        _requestIntegrity.Dispose();
        _responseIntegrity.Dispose();
    }
}
