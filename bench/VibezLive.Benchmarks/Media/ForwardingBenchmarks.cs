using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using VibezLive.Media.Dtls;
using VibezLive.Media.Negotiation;
using VibezLive.Media.Net;
using VibezLive.Media.Parameters;
using VibezLive.Media;
using VibezLive.Protocols.Srtp;

namespace VibezLive.Benchmarks.Media;

/// <summary>
/// 1 producer → N consumers through the whole worker packet path: SRTP unprotect of the incoming packet, routing,
/// per-consumer rewrite + SRTP protect (AES-CM-128/HMAC-SHA1-80) and a real loopback UDP send. One operation = one
/// incoming video packet (1,000-byte payload) forwarded to all N consumers, executed on the worker thread in batches;
/// after each incoming packet the worker's UDP send batch is flushed, as the worker does after each work item.
/// A thread drains the sink socket, so the kernel delivers every datagram (a full receive buffer would make the sends
/// cheaper than real ones).
/// </summary>
[MemoryDiagnoser]
public class ForwardingBenchmarks
{
    private const int Batch = 1000;

    private static readonly SrtpKeys Keys = new(
        SrtpProtectionProfile.AesCm128HmacSha1_80,
        Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(),
        Enumerable.Range(20, 14).Select(i => (byte)i).ToArray(),
        Enumerable.Range(40, 16).Select(i => (byte)i).ToArray(),
        Enumerable.Range(60, 14).Select(i => (byte)i).ToArray());

    private MediaWorkerPool _pool = null!;
    private MediaWorker _worker = null!;
    private Socket _sink = null!;
    private SrtpSession _browserOut = null!;
    private Datagram _datagram = null!;
    private byte[] _template = null!;
    private byte[] _plain = null!;
    private ushort _seq;
    private long _cpuUs;
    private long _ops;
    private Thread _drain = null!;

    [Params(1, 10, 50)]
    public int Consumers { get; set; }

    /// <summary>True: datagrams leave through the worker's <see cref="UdpSendBatch"/> (one sendmmsg per incoming
    /// packet); false: one sendto each.</summary>
    [Params(true, false)]
    public bool SendBatch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pool = new MediaWorkerPool(Options.Create(new MediaOptions { ListenIp = "127.0.0.1", RtcMinPort = 0, RtcMaxPort = 0, NumWorkers = 1 }));
        _pool.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _worker = _pool.Workers[0];
        var router = _worker.CreateRouterAsync(MediaCodecDefaults.Default).GetAwaiter().GetResult();
        _sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 64 * 1024 * 1024 };
        _sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _drain = new Thread(DrainSink) { IsBackground = true, Name = "sink drain" };
        _drain.Start();
        _worker.Server!.Listener!.SendBatch = SendBatch ? _worker.SendBatch : null;
        var producerAddress = new IPEndPoint(IPAddress.Loopback, 9).Serialize();
        var send = router.CreateWebRtcTransportAsync(new WebRtcTransportOptions()).GetAwaiter().GetResult();
        _worker.InvokeAsync(() => send.ConnectForTests(Keys, producerAddress)).GetAwaiter().GetResult();
        var producer = send.ProduceAsync(MediaKind.Video, ProducerParameters()).GetAwaiter().GetResult();
        for (var i = 0; i < Consumers; i++)
        {
            var recv = router.CreateWebRtcTransportAsync(new WebRtcTransportOptions()).GetAwaiter().GetResult();
            var sinkAddress = _sink.LocalEndPoint!.Serialize();
            _worker.InvokeAsync(() => recv.ConnectForTests(Keys, sinkAddress)).GetAwaiter().GetResult();
            var consumer = recv.ConsumeAsync(producer.Id, router.RtpCapabilities).GetAwaiter().GetResult();
            consumer.ResumeAsync().GetAwaiter().GetResult();
        }

        _browserOut = new SrtpSession(Keys.Profile, Keys.RemoteMasterKey, Keys.RemoteMasterSalt);
        _datagram = new Datagram(AddressFamily.InterNetwork) { Source = _worker.Server!.Listener };
        producerAddress.Buffer.Span[..producerAddress.Size].CopyTo(_datagram.Address.Buffer.Span);
        _template = Packet();
        _plain = new byte[_template.Length];
        _worker.InvokeAsync(() => RunBatch(2000)).GetAwaiter().GetResult(); // warm-up fills the retransmission store
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int ForwardToAllConsumers() => _worker.InvokeAsync(() => RunBatch(Batch)).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_ops > 0 && _cpuUs > 0)
        {
            var perPacket = (double)_cpuUs / _ops;
            Console.WriteLine($"// MEDIA-CPU consumers={Consumers} sendmmsg={SendBatch} cpu_us_per_incoming={perPacket:F2} cpu_us_per_forwarded={perPacket / Consumers:F2} forwarded_per_core_second={1_000_000 / (perPacket / Consumers):F0}");
        }

        _pool.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _sink.Dispose();
        _drain.Join(TimeSpan.FromSeconds(2));
        _browserOut.Dispose();
    }

    private void DrainSink()
    {
        var buffer = new byte[2048];
        try
        {
            while (true)
            {
                _sink.Receive(buffer);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // the sink was closed: the run is over
        }
    }

    private int RunBatch(int count)
    {
        var cpuBefore = ThreadCpuMicroseconds();
        for (var i = 0; i < count; i++)
        {
            _seq++;
            _template.CopyTo(_plain, 0);
            BinaryPrimitives.WriteUInt16BigEndian(_plain.AsSpan(2), _seq);
            BinaryPrimitives.WriteUInt32BigEndian(_plain.AsSpan(4), _seq * 3000u);
            _plain.CopyTo(_datagram.Buffer, 0);
            _browserOut.ProtectRtp(_datagram.Buffer, _plain.Length, out var length);
            _datagram.Length = length;
            _worker.Server!.OnDatagram(_datagram);
            _worker.SendBatch.Flush();
        }

        _cpuUs += ThreadCpuMicroseconds() - cpuBefore;
        _ops += count;
        return count;
    }

    /// <summary>User + system CPU time of the calling thread (getrusage RUSAGE_THREAD, Linux): unlike wall time it
    /// is not inflated by other processes competing for the cores.</summary>
    private static long ThreadCpuMicroseconds()
    {
        if (!OperatingSystem.IsLinux() || NativeMethods.getrusage(1, out var usage) != 0)
        {
            return 0;
        }

        return ((usage.UserSeconds + usage.SystemSeconds) * 1_000_000) + usage.UserMicroseconds + usage.SystemMicroseconds;
    }

    private static VibezLive.Media.Parameters.RtpParameters ProducerParameters() => new()
    {
        Mid = "0",
        Codecs =
        [
            new RtpCodecParameters
            {
                MimeType = "video/VP8", PayloadType = 96, ClockRate = 90000,
                RtcpFeedback = [new("transport-cc"), new("ccm", "fir"), new("nack"), new("nack", "pli")],
            },
            new RtpCodecParameters { MimeType = "video/rtx", PayloadType = 97, ClockRate = 90000, Parameters = { ["apt"] = 96 } },
        ],
        HeaderExtensions =
        [
            new RtpHeaderExtensionParameters { Uri = "urn:ietf:params:rtp-hdrext:sdes:mid", Id = 4 },
            new RtpHeaderExtensionParameters { Uri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", Id = 3 },
        ],
        Encodings = [new RtpEncodingParameters { Ssrc = 1111, Rtx = new RtpEncodingRtx(2222) }],
        Rtcp = new RtcpParameters { Cname = "bench" },
    };

    /// <summary>A VP8 key-frame packet (every packet is a key frame, so consumers never wait for one).</summary>
    private static byte[] Packet()
    {
        var packet = new byte[12 + 4 + 8 + 1000];
        packet[0] = 0x90;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 1111);
        packet[12] = 0xBE;
        packet[13] = 0xDE;
        packet[15] = 2;               // two words of one-byte elements (RFC 8285 §4.2)
        packet[16] = (4 << 4) | 0;    // mid "0"
        packet[17] = (byte)'0';
        packet[18] = (3 << 4) | 1;    // transport-wide sequence number
        packet[24] = 0x10;            // VP8 descriptor S=1
        packet[25] = 0x00;            // key frame
        return packet;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NVCsw, NIvCsw;
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int getrusage(int who, out RUsage usage);
    }
}
