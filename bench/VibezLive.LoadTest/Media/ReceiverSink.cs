using System.Buffers.Binary;
using System.Diagnostics;
using VibezLive.LoadTest.Metrics;
using VibezLive.Protocols.Rtcp;
using VibezLive.Protocols.Rtp;
using VibezLive.Protocols.Srtp;

namespace VibezLive.LoadTest.Media;

/// <summary>
/// The receiving side of a subscriber's receive transport: demuxes RTP by SSRC (media or RTX) to its
/// <see cref="InboundStream"/>s, NACKs gaps right away, and sends a receiver report every second.
/// </summary>
internal sealed class ReceiverSink : IPacketSink, ITicker
{
    private const int MaxReportBlocks = 31; // RC is 5 bits (RFC 3550 §6.4.2)
    private static readonly long ReportInterval = Stopwatch.Frequency;

    private readonly LatencyHistogram _histogram;
    private readonly Action<long> _onFirstPacket;
    private readonly uint _ssrc = (uint)Random.Shared.Next(1, int.MaxValue);
    private readonly byte[] _nackBuffer = GC.AllocateArray<byte>(256 + SrtpSession.MaxOverhead, pinned: true);
    private readonly byte[] _reportBuffer = GC.AllocateArray<byte>(ReceiverReport.GetLength(MaxReportBlocks) + SrtpSession.MaxOverhead, pinned: true);
    private readonly ushort[] _nackSequences = new ushort[InboundStream.MaxNackGap];
    private readonly ReportBlock[] _reportBlocks = new ReportBlock[MaxReportBlocks];
    private readonly Lock _gate = new();
    private volatile InboundStream[] _streams = [];
    private ClientTransport? _transport;
    private long _nextReport;
    private bool _gotFirst;

    public ReceiverSink(LatencyHistogram histogram, Action<long> onFirstPacket)
    {
        _histogram = histogram;
        _onFirstPacket = onFirstPacket;
    }

    public IReadOnlyList<InboundStream> Streams => _streams;

    public long UnknownSsrcPackets { get; private set; }

    public long NacksSent { get; private set; }

    public void Attach(ClientTransport transport) => _transport = transport;

    public void Add(InboundStream stream)
    {
        lock (_gate)
        {
            _streams = [.. _streams, stream];
        }
    }

    public void OnRtp(ReadOnlySpan<byte> packet, long arrival)
    {
        if (!RtpPacket.TryParse(packet, out var rtp))
        {
            return;
        }

        uint ssrc = rtp.Ssrc;
        InboundStream? stream = null;
        bool rtx = false;
        foreach (var s in _streams)
        {
            if (s.Consumer.Ssrc == ssrc)
            {
                stream = s;
                break;
            }

            if (s.Consumer.RtxSsrc == ssrc)
            {
                stream = s;
                rtx = true;
                break;
            }
        }

        if (stream is null)
        {
            UnknownSsrcPackets++;
            return;
        }

        if (!_gotFirst)
        {
            _gotFirst = true;
            _onFirstPacket(arrival);
        }

        ReadOnlySpan<byte> payload = rtp.Payload;
        ushort sequence = rtp.SequenceNumber;
        if (rtx)
        {
            // RFC 4588 §4: the original sequence number precedes the original payload.
            if (payload.Length < 2)
            {
                return;
            }

            sequence = BinaryPrimitives.ReadUInt16BigEndian(payload);
            payload = payload[2..];
        }

        int missing = stream.OnPacket(sequence, rtp.Timestamp, payload, packet.Length, rtx, arrival, _histogram);
        if (missing > 0 && _transport is { } transport)
        {
            Span<ushort> lost = _nackSequences.AsSpan(0, missing);
            for (int i = 0; i < lost.Length; i++)
            {
                lost[i] = (ushort)(sequence - missing + i);
            }

            if (GenericNack.TryWrite(_nackBuffer, _ssrc, ssrc, lost, out int length) && transport.SendRtcp(_nackBuffer, length))
            {
                NacksSent++;
            }
        }
    }

    public void OnRtcp(ReadOnlySpan<byte> packet, long arrival)
    {
        // Sender reports in the compound packet (RFC 3550 §6.1): keep LSR for our receiver reports.
        var reader = new RtcpCompoundReader(packet);
        while (reader.TryReadNext(out RtcpPacket rtcp))
        {
            if (!SenderReport.TryParse(rtcp, out SenderReport sr))
            {
                continue;
            }

            uint ssrc = sr.Ssrc;
            uint middle = NtpTime.ToCompact(sr.NtpTimestamp);
            foreach (var s in _streams)
            {
                if (s.Consumer.Ssrc == ssrc)
                {
                    s.LastSenderReport = middle;
                    s.LastSenderReportArrival = arrival;
                }
            }
        }
    }

    /// <summary>Receiver report every second (scheduler thread).</summary>
    public void Tick(long now)
    {
        if (now < _nextReport || _transport is not { IsReady: true } transport)
        {
            return;
        }

        _nextReport = now + ReportInterval;
        int blocks = 0;
        foreach (var s in _streams)
        {
            if (!s.HasRtp || blocks == MaxReportBlocks)
            {
                continue;
            }

            (byte fraction, int cumulative) = s.TakeLossReport();
            uint dlsr = s.LastSenderReportArrival == 0 ? 0 : (uint)((now - s.LastSenderReportArrival) * 65536 / Stopwatch.Frequency);
            _reportBlocks[blocks++] = new ReportBlock
            {
                Ssrc = s.Consumer.Ssrc,
                FractionLost = fraction,
                CumulativeLost = cumulative,
                HighestSequence = s.ExtendedHighestSequence,
                Jitter = s.Jitter,
                LastSenderReport = s.LastSenderReport,
                DelaySinceLastSenderReport = dlsr,
            };
        }

        if (blocks > 0 && ReceiverReport.TryWrite(_reportBuffer, _ssrc, _reportBlocks.AsSpan(0, blocks), out int length))
        {
            transport.SendRtcp(_reportBuffer, length);
        }
    }
}
