using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net;
using Microsoft.Extensions.Options;
using VibezLive.Media.Dtls;
using VibezLive.Media.Negotiation;
using VibezLive.Media.Net;
using VibezLive.Media.Parameters;
using VibezLive.Protocols.Srtp;

namespace VibezLive.Media.Tests.Engine;

/// <summary>A started one-worker engine with a router, plus a UDP "browser" socket and SRTP keys to fake the
/// endpoints without ICE/DTLS (<see cref="WebRtcTransport.ConnectForTests"/>).</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public static readonly SrtpKeys Keys = new(
        SrtpProtectionProfile.AesCm128HmacSha1_80,
        Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(),
        Enumerable.Range(20, 14).Select(i => (byte)i).ToArray(),
        Enumerable.Range(40, 16).Select(i => (byte)i).ToArray(),
        Enumerable.Range(60, 14).Select(i => (byte)i).ToArray());

    private EngineHarness(MediaWorkerPool pool, Router router, Socket browser)
    {
        Pool = pool;
        Router = router;
        Browser = browser;
    }

    public MediaWorkerPool Pool { get; }

    public MediaWorker Worker => Pool.Workers[0];

    public Router Router { get; }

    /// <summary>Stands for every browser: the engine sends consumers' packets here.</summary>
    public Socket Browser { get; }

    public SocketAddress BrowserAddress => Browser.LocalEndPoint!.Serialize();

    public static async Task<EngineHarness> StartAsync(TimeSpan? consentTimeout = null, Action<MediaOptions>? configure = null)
    {
        var options = new MediaOptions
        {
            ListenIp = "127.0.0.1",
            RtcMinPort = 0,
            RtcMaxPort = 0,
            NumWorkers = 1,
            IceConsentTimeout = consentTimeout ?? TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        var pool = new MediaWorkerPool(Options.Create(options));
        await pool.StartAsync(CancellationToken.None);
        var router = await pool.Workers[0].CreateRouterAsync(MediaCodecDefaults.Default);
        var browser = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        browser.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        browser.ReceiveTimeout = 2000;
        return new EngineHarness(pool, router, browser);
    }

    /// <summary>Where the sending browser's packets come from (nothing listens there; the engine only sends RTCP to it).</summary>
    public static SocketAddress ProducerAddress { get; } = new IPEndPoint(IPAddress.Loopback, 9).Serialize();

    /// <summary>A receiving transport: the engine sends to <see cref="Browser"/>.</summary>
    public Task<WebRtcTransport> ConnectedTransportAsync() => ConnectedTransportAsync(BrowserAddress);

    /// <summary>A sending transport: datagrams from <see cref="ProducerAddress"/> are routed to it.</summary>
    public Task<WebRtcTransport> ConnectedSendTransportAsync() => ConnectedTransportAsync(ProducerAddress);

    private async Task<WebRtcTransport> ConnectedTransportAsync(SocketAddress remote)
    {
        var transport = await Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        await Worker.InvokeAsync(() => transport.ConnectForTests(Keys, remote));
        return transport;
    }

    /// <summary>What Chrome sends for a VP8 camera: PT 96 + RTX 97, its own extension ids (mid 4, abs-send-time 2, transport-cc 3).</summary>
    public static RtpParameters Vp8Producer(uint ssrc = 1111, uint rtxSsrc = 2222) => new()
    {
        Mid = "0",
        Codecs =
        [
            new RtpCodecParameters
            {
                MimeType = "video/VP8", PayloadType = 96, ClockRate = 90000,
                RtcpFeedback = [new("goog-remb"), new("transport-cc"), new("ccm", "fir"), new("nack"), new("nack", "pli")],
            },
            new RtpCodecParameters { MimeType = "video/rtx", PayloadType = 97, ClockRate = 90000, Parameters = { ["apt"] = 96 } },
        ],
        HeaderExtensions =
        [
            new RtpHeaderExtensionParameters { Uri = "urn:ietf:params:rtp-hdrext:sdes:mid", Id = 4 },
            new RtpHeaderExtensionParameters { Uri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", Id = 2 },
            new RtpHeaderExtensionParameters { Uri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", Id = 3 },
        ],
        Encodings = [new RtpEncodingParameters { Ssrc = ssrc, Rtx = new RtpEncodingRtx(rtxSsrc) }],
        Rtcp = new RtcpParameters { Cname = "browsercname", ReducedSize = true },
    };

    /// <summary>An RTP packet as Chrome would send it for <see cref="Vp8Producer"/> (VP8 descriptor S=1; key frame if asked).</summary>
    public static byte[] Vp8Packet(ushort seq, uint timestamp, bool keyFrame, uint ssrc = 1111, ushort transportSeq = 0, int payloadSize = 1000)
    {
        var packet = new byte[12 + 4 + 12 + payloadSize];
        packet[0] = 0x90; // V=2, X=1
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        packet[12] = 0xBE;
        packet[13] = 0xDE;
        packet[15] = 3; // 3 words of elements
        var e = packet.AsSpan(16, 12);
        e[0] = (4 << 4) | 0; e[1] = (byte)'0';                          // mid "0"
        e[2] = (2 << 4) | 2; e[3] = 1; e[4] = 2; e[5] = 3;               // abs-send-time
        e[6] = (3 << 4) | 1; BinaryPrimitives.WriteUInt16BigEndian(e[7..], transportSeq); // transport-wide seq
        var payload = packet.AsSpan(28);
        payload[0] = 0x10;                      // VP8 descriptor: S=1, partition 0
        payload[1] = keyFrame ? (byte)0x00 : (byte)0x01; // VP8 payload header: P bit 0 = key frame
        for (var i = 2; i < payload.Length; i++)
        {
            payload[i] = (byte)i;
        }

        return packet;
    }

    /// <summary>Protects <paramref name="plain"/> as the browser would and runs it through the worker's demux.</summary>
    public void Deliver(SrtpSession browserOut, byte[] plain, Datagram datagram)
    {
        plain.CopyTo(datagram.Buffer, 0);
        if (browserOut.ProtectRtp(datagram.Buffer, plain.Length, out var length) != SrtpError.None)
        {
            throw new InvalidOperationException("protect failed");
        }

        datagram.Length = length;
        Worker.Server!.OnDatagram(datagram);
    }

    /// <summary>A datagram "from" the sending browser (or, with <paramref name="fromReceiver"/>, from the receiving one).</summary>
    public Datagram NewDatagram(bool fromReceiver = false)
    {
        var datagram = new Datagram(AddressFamily.InterNetwork) { Source = Worker.Server!.Listener };
        var address = fromReceiver ? BrowserAddress : ProducerAddress;
        address.Buffer.Span[..address.Size].CopyTo(datagram.Address.Buffer.Span);
        return datagram;
    }

    /// <summary>Receives the next datagram the engine sent to the browser socket; null on timeout.</summary>
    public byte[]? Receive(int timeoutMs = 2000)
    {
        Browser.ReceiveTimeout = timeoutMs;
        var buffer = new byte[2048];
        try
        {
            var n = Browser.Receive(buffer);
            return buffer[..n];
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>Receives until an RTP packet (not RTCP) arrives; returns it unprotected with the engine's send keys.</summary>
    public byte[]? ReceiveRtp(SrtpSession engineOut, int timeoutMs = 2000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < deadline)
        {
            var d = Receive((int)Math.Max(1, deadline - Environment.TickCount64));
            if (d is null)
            {
                return null;
            }

            if (d.Length > 1 && d[1] is >= 192 and <= 223)
            {
                continue; // RTCP
            }

            if (engineOut.UnprotectRtp(d, d.Length, out var plain) == SrtpError.None)
            {
                return d[..plain];
            }
        }

        return null;
    }

    public void Drain()
    {
        while (Receive(50) is not null)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        await Pool.DisposeAsync();
    }
}
