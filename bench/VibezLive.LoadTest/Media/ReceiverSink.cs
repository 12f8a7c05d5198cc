using System.Buffers.Binary;
using System.Diagnostics;
using VibezLive.LoadTest.Metrics;
using VibezLive.Protocols.Rtp;
using VibezLive.Protocols.Srtp;

namespace VibezLive.LoadTest.Media;

/// <summary>
/// The receiving side of a subscriber's receive transport: demuxes RTP by SSRC (media or RTX) to its
/// <see cref="InboundStream"/>s, NACKs gaps right away, and sends a receiver report every second.
/// </summary>
internal sealed class ReceiverSink : IPacketSink, ITicker
{
    private static readonly long ReportInterval = Stopwatch.Frequency;

    private readonly LatencyHistogram _histogram;
    private readonly Action<long> _onFirstPacket;
    private readonly uint _ssrc = (uint)Random.Shared.Next(1, int.MaxValue);
    private readonly byte[] _nackBuffer = GC.AllocateArray<byte>(256 + SrtpSession.MaxOverhead, pinned: true);
    private readonly byte[] _reportBuffer = GC.AllocateArray<byte>(RtcpWriter.HeaderLength + (31 * RtcpWriter.ReportBlockLength) + SrtpSession.MaxOverhead, pinned: true);
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
            int length = RtcpWriter.WriteNack(_nackBuffer, _ssrc, ssrc, (ushort)(sequence - missing), missing);
            if (transport.SendRtcp(_nackBuffer, length))
            {
                NacksSent++;
            }
        }
    }

    public void OnRtcp(ReadOnlySpan<byte> packet, long arrival)
    {
        // Walk the compound packet (RFC 3550 §6.1) for sender reports: keep LSR for our receiver reports.
        int offset = 0;
        while (offset + 8 <= packet.Length)
        {
            int length = (BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]) + 1) * 4;
            if (offset + length > packet.Length)
            {
                return;
            }

            if (packet[offset + 1] == 200 && length >= 28)
            {
                uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[(offset + 4)..]);
                uint middle = BinaryPrimitives.ReadUInt32BigEndian(packet[(offset + 10)..]);
                foreach (var s in _streams)
                {
                    if (s.Consumer.Ssrc == ssrc)
                    {
                        s.LastSenderReport = middle;
                        s.LastSenderReportArrival = arrival;
                    }
                }
            }

            offset += length;
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
        Span<byte> p = _reportBuffer;
        int blocks = 0;
        foreach (var s in _streams)
        {
            if (!s.HasRtp || blocks == 31)
            {
                continue;
            }

            (byte fraction, int cumulative) = s.TakeLossReport();
            uint dlsr = s.LastSenderReportArrival == 0 ? 0 : (uint)((now - s.LastSenderReportArrival) * 65536 / Stopwatch.Frequency);
            RtcpWriter.WriteReportBlock(
                p[(RtcpWriter.HeaderLength + (blocks * RtcpWriter.ReportBlockLength))..],
                s.Consumer.Ssrc, fraction, cumulative, s.ExtendedHighestSequence, s.Jitter, s.LastSenderReport, dlsr);
            blocks++;
        }

        if (blocks > 0)
        {
            int length = RtcpWriter.WriteReceiverReportHeader(p, _ssrc, blocks);
            transport.SendRtcp(_reportBuffer, length);
        }
    }
}
