using System.Buffers.Binary;
using System.Net;
using VibezLive.Media.Diagnostics;
using VibezLive.Media.Ice;
using VibezLive.Media.Net;
using VibezLive.Media.Rtp;
using VibezLive.Protocols.Demux;
using VibezLive.Protocols.Rtcp;
using VibezLive.Protocols.Rtp;
using VibezLive.Protocols.Srtp;

namespace VibezLive.Media;

/// <summary>The packet path of a transport: DTLS hand-off, SRTP, RTP routing, RTCP in and out. Worker thread only.</summary>
public sealed partial class WebRtcTransport
{
    private const int MaxEarlyDtls = 16;
    private const long ReportIntervalUs = 1_000_000;
    private const long RembIntervalUs = 1_000_000;
    private const int MaxRtcpDatagram = 1200;

    private readonly TransportCcServer _transportCc = new();
    private IceTuple? _dtlsFallbackTuple;
    private ushort _transportSeq = (ushort)Random.Shared.Next(0, 0x8000);
    private long _nextReportUs;
    private long _nextRembUs;
    private long _bytesReceived;
    private long _bytesSent;
    private long _rtpBytesReceived;
    private long _rtpBytesSent;
    private long _recvBitrate;
    private long _sendBitrate;
    private long _rateWindowStartUs;
    private long _rateWindowReceived;
    private long _rateWindowSent;

    /// <summary>Test hook: drops this fraction (0..1) of received RTP before SRTP, to exercise NACK/RTX.</summary>
    internal static double ReceiveLossForTests { get; set; }

    internal void OnPacket(PacketKind kind, Datagram datagram)
    {
        if (_closed)
        {
            return;
        }

        _bytesReceived += datagram.Length;
        _rateWindowReceived += datagram.Length;
        switch (kind)
        {
            case PacketKind.Dtls:
                OnDtlsDatagram(datagram);
                break;
            case PacketKind.Rtp:
                OnRtp(datagram);
                break;
            case PacketKind.Rtcp:
                OnRtcp(datagram);
                break;
            default:
                Worker.Counters.Dropped++;
                break;
        }
    }

    private void OnDtlsDatagram(Datagram datagram)
    {
        if (_selectedTuple is null && _ice.GetTuple(datagram) is { } tuple)
        {
            _dtlsFallbackTuple = tuple;
        }

        if (_dtls is { } dtls)
        {
            dtls.OnDatagramReceived(datagram.Data);
        }
        else if (_earlyDtls.Count < MaxEarlyDtls)
        {
            // The browser may start DTLS before connect() reached us; keep the first flights.
            _earlyDtls.Add(datagram.Data.ToArray());
        }
    }

    private void OnRtp(Datagram datagram)
    {
        var counters = Worker.Counters;
        if (_srtpIn is not { } srtp)
        {
            counters.Dropped++;
            return;
        }

        if (ReceiveLossForTests > 0 && Random.Shared.NextDouble() < ReceiveLossForTests)
        {
            counters.Dropped++;
            return;
        }

        if (srtp.UnprotectRtp(datagram.Buffer, datagram.Length, out var plainLength) != SrtpError.None)
        {
            counters.Dropped++;
            return;
        }

        var packet = datagram.Buffer.AsSpan(0, plainLength);
        if (!RtpPacket.TryParse(packet, out var parsed))
        {
            counters.Dropped++;
            return;
        }

        counters.RtpPacketsReceived++;
        counters.RtpBytesReceived += plainLength;
        _rtpBytesReceived += plainLength;
        var ssrc = parsed.Ssrc;
        if (!_producersBySsrc.TryGetValue(ssrc, out var entry) && !TryLearnSsrc(parsed, out entry))
        {
            counters.Dropped++;
            return;
        }

        var producer = entry.Producer;
        var stream = entry.Stream;
        var nowUs = Worker.NowUs;
        if (producer.TransportWideCcExtensionId != 0
            && parsed.TryGetExtension(producer.TransportWideCcExtensionId, out var transportSeq) && transportSeq.Length == 2)
        {
            _transportCc.OnPacket(BinaryPrimitives.ReadUInt16BigEndian(transportSeq), nowUs);
        }

        if (!entry.IsRtx)
        {
            producer.ReceiveRtp(packet, stream, retransmission: false, nowUs);
            return;
        }

        // RTX (RFC 4588 §4): restore the original packet in place: OSN → sequence number, media PT and SSRC.
        var payload = parsed.Payload;
        if (payload.Length < 2 || stream.Ssrc == 0)
        {
            return; // padding-only probe, or the media SSRC is not known yet
        }

        var originalSeq = BinaryPrimitives.ReadUInt16BigEndian(payload);
        var headerLength = parsed.HeaderLength;
        var mediaLength = payload.Length - 2;
        packet.Slice(headerLength + 2, mediaLength).CopyTo(packet[headerLength..]);
        var restored = packet[..(headerLength + mediaLength)];
        restored[0] &= 0xDF;
        RtpHeader.SetSequenceNumber(restored, originalSeq);
        RtpHeader.SetPayloadType(restored, producer.MediaPayloadType);
        RtpHeader.SetSsrc(restored, stream.Ssrc);
        stream.PacketsRetransmitted++;
        producer.ReceiveRtp(restored, stream, retransmission: true, nowUs);
    }

    /// <summary>
    /// A simulcast encoding signaled by RID only (RFC 8852): the first packet carrying the RID (or, for RTX, the
    /// repaired RID) header extension binds its SSRC to the encoding. Once per SSRC; the table answers afterwards.
    /// </summary>
    private bool TryLearnSsrc(in RtpPacket packet, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SsrcEntry? entry)
    {
        entry = null;
        foreach (var producer in _producerList)
        {
            var rtx = false;
            if (producer.RidExtensionId == 0 || !packet.TryGetExtension(producer.RidExtensionId, out var rid))
            {
                if (producer.RepairedRidExtensionId == 0 || !packet.TryGetExtension(producer.RepairedRidExtensionId, out rid))
                {
                    continue;
                }

                rtx = true;
            }

            foreach (var stream in producer.Streams)
            {
                if (stream.Rid is null || !System.Text.Ascii.Equals(rid, stream.Rid))
                {
                    continue;
                }

                if (rtx)
                {
                    stream.RtxSsrc ??= packet.Ssrc;
                }
                else if (stream.Ssrc == 0)
                {
                    stream.Ssrc = packet.Ssrc;
                }

                entry = new SsrcEntry(producer, stream, rtx);
                _producersBySsrc[packet.Ssrc] = entry;
                return true;
            }
        }

        return false;
    }

    private void OnRtcp(Datagram datagram)
    {
        var counters = Worker.Counters;
        if (_srtpIn is not { } srtp || srtp.UnprotectRtcp(datagram.Buffer, datagram.Length, out var plainLength) != SrtpError.None)
        {
            counters.Dropped++;
            return;
        }

        var nowUs = Worker.NowUs;
        var reader = new RtcpCompoundReader(datagram.Buffer.AsSpan(0, plainLength));
        while (reader.TryReadNext(out var packet))
        {
            counters.RtcpPacketsReceived++;
            switch (packet.Type)
            {
                case RtcpPacketType.SenderReport when SenderReport.TryParse(packet, out var sr):
                    if (_producersBySsrc.TryGetValue(sr.Ssrc, out var sender) && !sender.IsRtx)
                    {
                        sender.Stream.OnSenderReport(sr.NtpTimestamp, sr.RtpTimestamp, nowUs);
                    }

                    for (var i = 0; i < sr.ReportCount; i++)
                    {
                        OnReportBlock(sr.GetReportBlock(i), nowUs);
                    }

                    break;
                case RtcpPacketType.ReceiverReport when ReceiverReport.TryParse(packet, out var rr):
                    for (var i = 0; i < rr.ReportCount; i++)
                    {
                        OnReportBlock(rr.GetReportBlock(i), nowUs);
                    }

                    break;
                case RtcpPacketType.TransportFeedback when packet.Count == GenericNack.Format && GenericNack.TryParse(packet, out var nack):
                    counters.NacksReceived++;
                    if (_consumersBySsrc.TryGetValue(nack.MediaSsrc, out var nacked))
                    {
                        nacked.OnNack(nack, nowUs);
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when packet.Count == PictureLossIndication.Format && PictureLossIndication.TryParse(packet, out var pli):
                    counters.PlisReceived++;
                    if (_consumersBySsrc.TryGetValue(pli.MediaSsrc, out var pliConsumer))
                    {
                        pliConsumer.OnKeyFrameRequest(fir: false, nowUs);
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when packet.Count == FullIntraRequest.Format && FullIntraRequest.TryParse(packet, out var fir):
                    for (var i = 0; i < fir.EntryCount; i++)
                    {
                        if (_consumersBySsrc.TryGetValue(fir.GetSsrc(i), out var firConsumer))
                        {
                            firConsumer.OnKeyFrameRequest(fir: true, nowUs);
                        }
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when packet.Count == Remb.Format && Remb.TryParse(packet, out var remb):
                    AvailableOutgoingBitrate = (long)Math.Min(remb.Bitrate, long.MaxValue);
                    break;
                default:
                    // SDES, BYE, transport-cc feedback about our sends (no send-side estimator yet), XR, APP: ignored.
                    break;
            }
        }

        if (reader.IsMalformed)
        {
            MediaLog.RtcpDropped(Worker.Loggers.Rtcp, "malformed compound");
        }
    }

    private void OnReportBlock(in ReportBlock block, long nowUs)
    {
        if (_consumersBySsrc.TryGetValue(block.Ssrc, out var consumer))
        {
            consumer.OnReceiverReport(block, nowUs);
        }
    }

    /// <summary>Next transport-wide sequence number for outgoing packets that carry the transport-cc extension.</summary>
    internal ushort NextTransportSequenceNumber() => _transportSeq++;

    /// <summary>Protects <paramref name="buffer"/>[0..length) in place and sends it on the selected tuple.</summary>
    internal void SendRtpPacket(byte[] buffer, int length)
    {
        if (_srtpOut is not { } srtp || _selectedTuple is not { } tuple)
        {
            return;
        }

        if (srtp.ProtectRtp(buffer, length, out var protectedLength) != SrtpError.None)
        {
            Worker.Counters.Dropped++;
            return;
        }

        if (tuple.Send(buffer.AsSpan(0, protectedLength)))
        {
            var counters = Worker.Counters;
            counters.RtpPacketsSent++;
            counters.RtpBytesSent += length;
            _rtpBytesSent += length;
            _bytesSent += protectedLength;
            _rateWindowSent += protectedLength;
        }
    }

    /// <summary>Protects RTCP written at the start of the worker's RTCP buffer and sends it.</summary>
    private void SendRtcp(int length)
    {
        if (length == 0 || _srtpOut is not { } srtp || _selectedTuple is not { } tuple)
        {
            return;
        }

        var buffer = Worker.RtcpBuffer;
        if (srtp.ProtectRtcp(buffer, length, out var protectedLength) != SrtpError.None)
        {
            return;
        }

        if (tuple.Send(buffer.AsSpan(0, protectedLength)))
        {
            Worker.Counters.RtcpPacketsSent++;
            _bytesSent += protectedLength;
        }
    }

    internal void SendKeyFrameRequest(RtpStreamRecv stream, bool fir)
    {
        var buffer = Worker.RtcpBuffer;
        int written;
        if (fir)
        {
            stream.FirSequence++;
            if (!FullIntraRequest.TryWrite(buffer, RtcpSsrc, stream.Ssrc, stream.FirSequence, out written))
            {
                return;
            }

            stream.FirCount++;
            Worker.Counters.FirsSent++;
        }
        else
        {
            if (!PictureLossIndication.TryWrite(buffer, RtcpSsrc, stream.Ssrc, out written))
            {
                return;
            }

            stream.PliCount++;
            Worker.Counters.PlisSent++;
        }

        SendRtcp(written);
    }

    internal void OnTick(long nowUs)
    {
        if (_closed)
        {
            return;
        }

        if (_ice.CheckConsent(nowUs, Worker.Options.IceConsentTimeout))
        {
            MediaLog.IceConsentExpired(Worker.Loggers.Ice, Id, Worker.Options.IceConsentTimeout);
            CloseInternal(dueToRouter: false);
            return;
        }

        var connectTimeout = Worker.Options.IceConnectTimeout;
        if (_iceState == IceState.New && connectTimeout > TimeSpan.Zero && nowUs - CreatedUs > (long)connectTimeout.TotalMicroseconds)
        {
            CloseInternal(dueToRouter: false);
            return;
        }

        if (nowUs - _rateWindowStartUs >= 1_000_000)
        {
            var elapsed = Math.Max(1, nowUs - _rateWindowStartUs);
            _recvBitrate = _rateWindowReceived * 8 * 1_000_000 / elapsed;
            _sendBitrate = _rateWindowSent * 8 * 1_000_000 / elapsed;
            _rateWindowReceived = 0;
            _rateWindowSent = 0;
            _rateWindowStartUs = nowUs;
        }

        if (_srtpOut is null)
        {
            return;
        }

        SendNacks(nowUs);
        foreach (var producer in _producerList)
        {
            producer.OnTick(nowUs);
        }

        if (_transportCc.IsDue(nowUs))
        {
            var mediaSsrc = _producerList.Count > 0 ? _producerList[0].Stream.Ssrc : 0;
            SendRtcp(_transportCc.WriteFeedback(Worker.RtcpBuffer, RtcpSsrc, mediaSsrc, nowUs));
        }

        if (nowUs >= _nextRembUs && _producerList.Count > 0)
        {
            _nextRembUs = nowUs + RembIntervalUs;
            SendRemb();
        }

        if (nowUs >= _nextReportUs)
        {
            // RFC 3550 §6.2: randomize the interval (0.5..1.5 × nominal) to avoid synchronized reports.
            _nextReportUs = nowUs + (long)(ReportIntervalUs * (0.5 + Random.Shared.NextDouble()));
            SendReports(nowUs);
        }
    }

    private void SendNacks(long nowUs)
    {
        foreach (var producer in _producerList)
        {
            if (!producer.SupportsNack)
            {
                continue;
            }

            foreach (var stream in producer.Streams)
            {
                SendNack(stream, nowUs);
            }
        }
    }

    private void SendNack(RtpStreamRecv stream, long nowUs)
    {
        if (stream.Nack.PendingCount == 0 || stream.Ssrc == 0)
        {
            return;
        }

        Span<ushort> due = stackalloc ushort[64];
        var count = stream.Nack.CollectDue(nowUs, stream.RttUs, due);
        if (count == 0)
        {
            return;
        }

        due[..count].Sort(static (a, b) => SequenceNumber.Distance(b, a));
        if (GenericNack.TryWrite(Worker.RtcpBuffer, RtcpSsrc, stream.Ssrc, due[..count], out var written))
        {
            stream.NackCount++;
            stream.NackPacketCount += count;
            Worker.Counters.NacksSent++;
            SendRtcp(written);
        }
    }

    /// <summary>REMB (draft-alvestrand-rmcat-remb): the cap for the sender. With transport-cc the browser's own
    /// estimator drives the rate and REMB only limits it (maxIncomingBitrate); with abs-send-time only, REMB is the
    /// estimate.</summary>
    private void SendRemb()
    {
        var bitrate = MaxIncomingBitrate > 0 ? MaxIncomingBitrate : 10_000_000;
        Span<uint> ssrcs = stackalloc uint[16];
        var n = 0;
        foreach (var producer in _producerList)
        {
            foreach (var stream in producer.Streams)
            {
                if (n < ssrcs.Length && stream.Ssrc != 0)
                {
                    ssrcs[n++] = stream.Ssrc;
                }
            }
        }

        if (n > 0 && Remb.TryWrite(Worker.RtcpBuffer, RtcpSsrc, (ulong)bitrate, ssrcs[..n], out var written))
        {
            SendRtcp(written);
        }
    }

    /// <summary>Receiver reports for the producers' streams, and SR + SDES for each consumer stream, split into
    /// datagrams that each start with an SR or RR (RFC 3550 §6.1).</summary>
    private void SendReports(long nowUs)
    {
        var buffer = Worker.RtcpBuffer.AsSpan(0, MaxRtcpDatagram);
        var length = 0;
        if (_producerList.Count > 0)
        {
            Span<ReportBlock> blocks = stackalloc ReportBlock[31];
            var n = 0;
            foreach (var producer in _producerList)
            {
                foreach (var stream in producer.Streams)
                {
                    if (n < blocks.Length && stream.PacketCount > 0)
                    {
                        blocks[n++] = stream.BuildReportBlock(nowUs);
                    }
                }
            }

            if (n > 0 && ReceiverReport.TryWrite(buffer, RtcpSsrc, blocks[..n], out var written))
            {
                length = written;
            }
        }

        foreach (var consumer in _consumerList)
        {
            var written = consumer.WriteSenderReport(buffer[length..], nowUs);
            if (written == 0 && length > 0 && buffer.Length - length < 200)
            {
                SendRtcp(length);
                length = 0;
                written = consumer.WriteSenderReport(buffer, nowUs);
            }

            length += written;
        }

        SendRtcp(length);
    }
}
