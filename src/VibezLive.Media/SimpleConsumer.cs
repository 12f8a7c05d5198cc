using System.Buffers.Binary;
using System.Text;
using VibezLive.Media.Parameters;
using VibezLive.Media.Rtp;
using VibezLive.Media.Stats;
using VibezLive.Protocols.Rtcp;
using VibezLive.Protocols.Rtp;

namespace VibezLive.Media;

/// <summary>
/// Forwards one producer stream as one output stream (mediasoup's SimpleConsumer, and its SimulcastConsumer's
/// layer selection): rewrites SSRC, header-extension ids, sequence numbers and timestamps into the worker's send
/// buffer and sends. Output sequence numbers and timestamps stay continuous across pause/resume and simulcast layer
/// switches: after every (re)start or switch the consumer waits for a key frame (video) of the stream it wants and
/// re-bases both so that the first packet follows the last one sent. Answers NACKs from the current stream's packet
/// store (as RTX when negotiated). Worker thread only, except the public API inherited from <see cref="Consumer"/>.
/// </summary>
/// <remarks>
/// Simulcast (<see cref="Consumer.Type"/> "simulcast"): the producer hands every encoding's packets to
/// <see cref="SendSimulcastRtp"/>; the consumer keeps those of its current spatial layer, which is the highest layer
/// flowing at or below its preferred one, and drops the others. Simple producers use <see cref="SendRtp"/> directly,
/// so their per-packet work is unchanged. Temporal layers are not dropped (every temporal layer of the chosen
/// encoding is forwarded): doing it properly needs VP8/VP9 picture id and TL0PICIDX rewriting.
/// </remarks>
public sealed class SimpleConsumer : Consumer
{
    /// <summary>Packets after a sync point beyond which no packet from before it can still arrive (16-bit
    /// sequence distances are only meaningful within half the number space).</summary>
    private const long ReorderHorizon = 0x4000;

    private readonly byte[] _extensionIdMap = new byte[256];
    private readonly uint _ssrc;
    private readonly uint _rtxSsrc;
    private readonly byte _payloadType;
    private readonly byte _rtxPayloadType;
    private readonly bool _hasRtx;
    private readonly bool _supportsNack;
    private readonly byte _transportCcId;
    private readonly byte _absSendTimeId;
    private readonly int _clockRate;
    private readonly bool _isVideo;
    private readonly string _cname;
    private readonly byte _midId;
    private readonly byte[] _mid;

    private bool _syncRequired = true;
    private bool _started;
    private ushort _seqOffset;
    private uint _tsOffset;
    private ushort _syncInSeq;
    private ushort _segmentStartOutSeq;
    private ushort _lastOutSeq;
    private uint _lastOutTs;
    private long _lastSendUs;
    private ushort _rtxSeq;
    private long _windowStartUs;
    private long _windowBytes;
    private long _forwardedSinceSync;
    private uint _lastSrCompact;
    private long _lastSrSentUs;

    // The producer stream this consumer forwards now (simple: the only one). Simulcast: spatial layers are indexes
    // into the producer's streams (low → high, as the encodings are ordered); -1 = none.
    private RtpStreamRecv _stream;
    private int _preferredLayer;
    private int _currentLayer = -1;
    private int _targetLayer = -1;

    internal SimpleConsumer(WebRtcTransport transport, Producer producer, RtpParameters rtpParameters, bool paused, IDictionary<string, object?>? appData)
        : base(transport, producer, rtpParameters, producer.Type, paused, appData)
    {
        var codec = rtpParameters.Codecs[0];
        _payloadType = (byte)codec.PayloadType;
        _clockRate = codec.ClockRate;
        _isVideo = producer.Kind == MediaKind.Video;
        _supportsNack = codec.RtcpFeedback.Exists(f => f.Type == "nack" && f.Parameter.Length == 0);
        foreach (var c in rtpParameters.Codecs)
        {
            if (c.MimeType.EndsWith("/rtx", StringComparison.OrdinalIgnoreCase)
                && c.Parameters.TryGetValue("apt", out var apt) && apt.TryGetInt64Lenient(out var aptValue) && aptValue == codec.PayloadType)
            {
                _rtxPayloadType = (byte)c.PayloadType;
                _hasRtx = true;
            }
        }

        var encoding = rtpParameters.Encodings[0];
        _ssrc = encoding.Ssrc ?? 0;
        if (_hasRtx && encoding.Rtx is { } rtx)
        {
            _rtxSsrc = rtx.Ssrc;
        }
        else
        {
            _hasRtx = false;
        }

        // Router ids → the ids of this consumer (equal, per mediasoup's rule); everything not negotiated is dropped.
        foreach (var ext in rtpParameters.HeaderExtensions)
        {
            if (ext.Id is > 0 and < 256)
            {
                _extensionIdMap[ext.Id] = (byte)ext.Id;
                if (ext.Uri == RtpExtensionUris.TransportWideCc)
                {
                    _transportCcId = (byte)ext.Id;
                }
                else if (ext.Uri == RtpExtensionUris.AbsSendTime)
                {
                    _absSendTimeId = (byte)ext.Id;
                }
            }
        }

        // Every packet carries this consumer's own MID: the receiver demultiplexes by it (RFC 8843 §9.2), and the
        // sender's MID names one of the sender's transceivers, not ours.
        _mid = Encoding.ASCII.GetBytes(rtpParameters.Mid ?? "");
        var midExtension = rtpParameters.HeaderExtensions.Find(e => e.Uri == RtpExtensionUris.Mid);
        _midId = _mid.Length is > 0 and <= 255 && midExtension is { Id: > 0 and < 256 } ? (byte)midExtension.Id : (byte)0;

        _cname = rtpParameters.Rtcp.Cname ?? "";
        _rtxSeq = (ushort)Random.Shared.Next(0, 0x8000);
        _stream = producer.Streams[0];
        _preferredLayer = producer.Streams.Length - 1;
    }

    /// <summary>Simulcast: the preferred spatial layer (default: the highest); null for a simple consumer.</summary>
    public override int? PreferredSpatialLayer => IsSimulcast ? _preferredLayer : null;

    /// <summary>Simulcast: the spatial layer being forwarded; null for a simple consumer or before the first switch.</summary>
    public override int? CurrentSpatialLayer => IsSimulcast && _currentLayer >= 0 ? _currentLayer : null;

    private bool IsSimulcast => Producer.Streams.Length > 1;

    internal uint Ssrc => _ssrc;

    internal uint RtxSsrc => _hasRtx ? _rtxSsrc : 0;

    internal string Cname => _cname;

    internal long PacketsSent { get; private set; }

    internal long BytesSent { get; private set; }

    internal long PacketsRetransmitted { get; private set; }

    internal long NackCount { get; set; }

    internal long NackPacketCount { get; set; }

    internal long PliCount { get; set; }

    internal long FirCount { get; set; }

    internal byte FractionLost { get; set; }

    internal int PacketsLost { get; set; }

    internal double RoundTripTimeMs { get; set; }

    internal long Bitrate { get; private set; }

    private bool Active => !PausedFlag && !ProducerPausedFlag && !ClosedFlag;

    /// <summary>Hot path: forwards one packet of the producer (already in the router's view). Allocation-free.</summary>
    internal void SendRtp(ReadOnlySpan<byte> packet, ushort seq, uint timestamp, bool isKeyFrame, long nowUs)
    {
        if (!Active || !Transport.CanSendRtp)
        {
            return;
        }

        if (_syncRequired)
        {
            if (_isVideo && !isKeyFrame)
            {
                // Keep asking while waiting (throttled to one request per second by the producer): a single lost
                // PLI would otherwise leave this consumer black until the sender's next spontaneous key frame.
                RequestKeyFrame(nowUs);
                return;
            }

            Sync(seq, timestamp, nowUs);
        }
        else if (_forwardedSinceSync < ReorderHorizon && SequenceNumber.Distance(_syncInSeq, seq) < 0)
        {
            // From before the current segment: its output numbers may already be used. (16-bit distances wrap, so
            // this only applies near the sync point; later, such stale packets cannot arrive any more.)
            return;
        }

        var outSeq = (ushort)(seq + _seqOffset);
        var outTs = timestamp + _tsOffset;
        var buffer = Worker.SendBuffer;
        var length = Rewrite(packet, buffer, outSeq, outTs, nowUs);
        if (length == 0)
        {
            return;
        }

        if (SequenceNumber.IsNewer(outSeq, _lastOutSeq) || PacketsSent == 0)
        {
            _lastOutSeq = outSeq;
            _lastOutTs = outTs;
            _lastSendUs = nowUs;
        }

        _forwardedSinceSync++;
        PacketsSent++;
        BytesSent += length;
        _windowBytes += length;
        if (nowUs - _windowStartUs >= 1_000_000)
        {
            Bitrate = _windowBytes * 8 * 1_000_000 / Math.Max(1, nowUs - _windowStartUs);
            _windowBytes = 0;
            _windowStartUs = nowUs;
        }

        Transport.SendRtpPacket(buffer, length);
    }

    /// <summary>
    /// Hot path for a simulcast producer: <paramref name="packet"/> belongs to <paramref name="stream"/> (one of the
    /// producer's encodings). Forwards it when it is of this consumer's current layer; switches layers only at a key
    /// frame of the target layer (one wanted by <see cref="UpdateLayers"/> or a better one that just started
    /// flowing); drops everything else. Allocation-free.
    /// </summary>
    internal void SendSimulcastRtp(ReadOnlySpan<byte> packet, RtpStreamRecv stream, ushort seq, uint timestamp, bool isKeyFrame, bool retransmission, long nowUs)
    {
        if (!Active || !Transport.CanSendRtp)
        {
            return;
        }

        var layer = stream.Index;
        if (layer != _currentLayer)
        {
            if (layer != _targetLayer)
            {
                if (layer > _preferredLayer || layer < _currentLayer || layer < _targetLayer || retransmission)
                {
                    return; // not wanted (moves down or outside the preference are UpdateLayers' decision)
                }

                // A better layer within the preference is flowing: go up at its next key frame.
                _targetLayer = layer;
            }

            if (retransmission || (_isVideo && !isKeyFrame))
            {
                Producer.RequestKeyFrame(stream, nowUs); // throttled per stream by the producer
                return;
            }

            // Switch: the key frame starts a new segment that SendRtp re-bases onto the last packet sent.
            _currentLayer = layer;
            _targetLayer = -1;
            _stream = stream;
            _syncRequired = true;
        }

        SendRtp(packet, seq, timestamp, isKeyFrame, nowUs);
    }

    /// <summary>
    /// Simulcast, on the worker's timer and when the preference changes: the wanted layer is the highest one flowing
    /// at or below the preferred one (if none is, the lowest one flowing above it, rather than nothing). If it
    /// differs from the current layer it becomes the target (key frame requested; the current layer is forwarded
    /// until the switch). Covers falling back when the current layer stopped and going back up when a better one
    /// flows again.
    /// </summary>
    internal void UpdateLayers(long nowUs)
    {
        if (ClosedFlag)
        {
            return;
        }

        var streams = Producer.Streams;
        var wanted = -1;
        for (var i = Math.Min(_preferredLayer, streams.Length - 1); i >= 0 && wanted < 0; i--)
        {
            wanted = IsFlowing(streams[i], nowUs) ? i : -1;
        }

        for (var i = _preferredLayer + 1; i < streams.Length && wanted < 0; i++)
        {
            wanted = IsFlowing(streams[i], nowUs) ? i : -1;
        }

        if (wanted < 0)
        {
            _targetLayer = -1; // nothing flows: keep the current layer, which resumes without a switch
            return;
        }

        if (wanted == _currentLayer)
        {
            _targetLayer = -1;
            return;
        }

        _targetLayer = wanted;
        if (Active)
        {
            Producer.RequestKeyFrame(streams[wanted], nowUs);
        }
    }

    private static bool IsFlowing(RtpStreamRecv stream, long nowUs) =>
        stream.PacketCount > 0 && nowUs - stream.LastPacketUs <= Producer.InactiveStreamUs;

    /// <summary>Answers a NACK for the output sequence numbers in <paramref name="nack"/> (RFC 4585 §6.2.1).</summary>
    internal void OnNack(in GenericNack nack, long nowUs)
    {
        NackCount++;
        if (!_supportsNack || !_started || _stream.Store is not { } store)
        {
            return;
        }

        var sent = 0;
        foreach (var outSeq in nack.GetLostSequenceNumbers())
        {
            NackPacketCount++;
            if (sent == 17)
            {
                break; // mediasoup's bound per request
            }

            if ((_forwardedSinceSync < ReorderHorizon && SequenceNumber.Distance(_segmentStartOutSeq, outSeq) < 0)
                || SequenceNumber.Distance(outSeq, _lastOutSeq) < 0)
            {
                continue;
            }

            var inSeq = (ushort)(outSeq - _seqOffset);
            if (!store.TryGet(inSeq, nowUs, Producer.MaxRetransmissionAgeUs, out var stored, out _))
            {
                continue;
            }

            var buffer = Worker.SendBuffer;
            var timestamp = BinaryPrimitives.ReadUInt32BigEndian(stored[4..]) + _tsOffset;
            var length = _hasRtx
                ? RewriteAsRtx(stored, buffer, outSeq, timestamp, nowUs)
                : Rewrite(stored, buffer, outSeq, timestamp, nowUs);
            if (length == 0)
            {
                continue;
            }

            sent++;
            PacketsRetransmitted++;
            Worker.Counters.RetransmissionsSent++;
            Transport.SendRtpPacket(buffer, length);
        }
    }

    internal void OnKeyFrameRequest(bool fir, long nowUs)
    {
        if (fir)
        {
            FirCount++;
        }
        else
        {
            PliCount++;
        }

        if (Active)
        {
            RequestKeyFrame(nowUs);
        }
    }

    internal void OnReceiverReport(in ReportBlock block, long nowUs)
    {
        FractionLost = block.FractionLost;
        PacketsLost = block.CumulativeLost;
        if (block.LastSenderReport != 0 && block.LastSenderReport == _lastSrCompact)
        {
            // RTT = A - LSR - DLSR (RFC 3550 §6.4.1), measured on our monotonic clock since we sent that SR.
            var rttUs = nowUs - _lastSrSentUs - (block.DelaySinceLastSenderReport * 1_000_000L / 65536);
            if (rttUs > 0)
            {
                RoundTripTimeMs = rttUs / 1000.0;
            }
        }
    }

    /// <summary>Writes this stream's SR + SDES CNAME (RFC 3550 §6.4.1, §6.5.1); 0 when nothing was sent yet.</summary>
    internal int WriteSenderReport(Span<byte> destination, long nowUs)
    {
        if (PacketsSent == 0 || ClosedFlag)
        {
            return 0;
        }

        ulong ntp;
        uint rtp;
        var stream = _stream;
        if (stream.LastSrReceivedUs >= 0)
        {
            // Translate the sender's own NTP↔RTP pair so that lip sync between this endpoint's streams is kept.
            var elapsedUs = nowUs - stream.LastSrReceivedUs;
            ntp = stream.LastSrNtp + (ulong)(elapsedUs * 4294.967296);
            rtp = stream.LastSrRtp + (uint)(elapsedUs * (_clockRate / 1_000_000.0)) + _tsOffset;
        }
        else
        {
            ntp = NtpTime.FromUnixMicroseconds(Worker.Time.GetUtcNow().ToUnixTimeMilliseconds() * 1000);
            rtp = _lastOutTs + (uint)((nowUs - _lastSendUs) * (_clockRate / 1_000_000.0));
        }

        if (!SenderReport.TryWrite(destination, _ssrc, ntp, rtp, (uint)PacketsSent, (uint)BytesSent, [], out var written))
        {
            return 0;
        }

        _lastSrCompact = (uint)(ntp >> 16);
        _lastSrSentUs = nowUs;

        Span<byte> cname = stackalloc byte[64];
        var cnameLength = System.Text.Encoding.UTF8.GetBytes(_cname.AsSpan(0, Math.Min(_cname.Length, 32)), cname);
        if (!SourceDescription.TryWrite(destination[written..], _ssrc, cname[..cnameLength], out var sdes))
        {
            return written;
        }

        return written + sdes;
    }

    private protected override void OnPause()
    {
        if (ClosedFlag || PausedFlag)
        {
            return;
        }

        PausedFlag = true;
    }

    private protected override void OnResume()
    {
        if (ClosedFlag || !PausedFlag)
        {
            return;
        }

        PausedFlag = false;
        _syncRequired = true;
        if (Active)
        {
            RequestKeyFrame(Worker.NowUs);
        }
    }

    internal override void OnProducerPaused()
    {
        ProducerPausedFlag = true;
        RaiseProducerPause();
    }

    internal override void OnProducerResumed()
    {
        ProducerPausedFlag = false;
        _syncRequired = true;
        if (Active)
        {
            RequestKeyFrame(Worker.NowUs);
        }

        RaiseProducerResume();
    }

    /// <summary>The transport can send now (DTLS connected): start with a key frame.</summary>
    internal void OnTransportConnected()
    {
        _syncRequired = true;
        if (Active)
        {
            RequestKeyFrame(Worker.NowUs);
        }
    }

    /// <summary>Asks the producer's endpoint for a key frame of the stream this consumer waits for or forwards.</summary>
    internal override void RequestKeyFrame(long nowUs) =>
        Producer.RequestKeyFrame(_targetLayer >= 0 ? Producer.Streams[_targetLayer] : _stream, nowUs);

    /// <summary>Simulcast: <paramref name="spatial"/> is clamped to the producer's encodings; the switch happens at
    /// the next key frame of the new layer. The temporal layer is not applied (all temporal layers are forwarded).</summary>
    private protected override void OnSetPreferredLayers(int spatial, int? temporal)
    {
        if (ClosedFlag || !IsSimulcast)
        {
            return;
        }

        _preferredLayer = Math.Clamp(spatial, 0, Producer.Streams.Length - 1);
        UpdateLayers(Worker.NowUs);
    }

    private protected override IReadOnlyList<object> BuildStats() =>
    [
        new RtpStreamStats
        {
            Type = "outbound-rtp",
            Timestamp = Worker.Time.GetUtcNow().ToUnixTimeMilliseconds(),
            Ssrc = _ssrc,
            RtxSsrc = _hasRtx ? _rtxSsrc : null,
            Kind = _isVideo ? "video" : "audio",
            MimeType = RtpParameters.Codecs[0].MimeType,
            PacketsLost = PacketsLost,
            FractionLost = FractionLost,
            PacketsRetransmitted = PacketsRetransmitted,
            NackCount = NackCount,
            NackPacketCount = NackPacketCount,
            PliCount = PliCount,
            FirCount = FirCount,
            PacketCount = PacketsSent,
            ByteCount = BytesSent,
            Bitrate = Bitrate,
            RoundTripTime = RoundTripTimeMs,
            Score = 10,
        },
        .. Producer.BuildStats(),
    ];

    private void Sync(ushort seq, uint timestamp, long nowUs)
    {
        if (_started)
        {
            // Continue right after the last packet sent; advance the clock by the real time elapsed.
            var nextSeq = (ushort)(_lastOutSeq + 1);
            _seqOffset = (ushort)(nextSeq - seq);
            var elapsed = (uint)Math.Max(1, (nowUs - _lastSendUs) * (_clockRate / 1_000_000.0));
            _tsOffset = _lastOutTs + elapsed - timestamp;
        }
        else
        {
            _seqOffset = 0;
            _tsOffset = 0;
            _started = true;
        }

        _syncInSeq = seq;
        _forwardedSinceSync = 0;
        _segmentStartOutSeq = (ushort)(seq + _seqOffset);
        _syncRequired = false;
    }

    private int Rewrite(ReadOnlySpan<byte> packet, Span<byte> destination, ushort seq, uint timestamp, long nowUs)
    {
        var room = destination[..(destination.Length - Protocols.Srtp.SrtpSession.MaxOverhead)];
        if (!RtpHeaderExtensions.TryCopyWithExtensions(packet, room, _extensionIdMap, _midId, _mid, out var length))
        {
            return 0;
        }

        var output = destination[..length];
        RtpHeader.SetPayloadType(output, _payloadType);
        RtpHeader.SetSsrc(output, _ssrc);
        RtpHeader.SetSequenceNumber(output, seq);
        RtpHeader.SetTimestamp(output, timestamp);
        WriteSendSideExtensions(output, nowUs);
        return length;
    }

    /// <summary>RFC 4588 §4: RTX payload = original sequence number + original payload; own SSRC, PT and sequence.</summary>
    private int RewriteAsRtx(ReadOnlySpan<byte> packet, Span<byte> destination, ushort originalSeq, uint timestamp, long nowUs)
    {
        var room = destination[..(destination.Length - Protocols.Srtp.SrtpSession.MaxOverhead)];
        if (!RtpHeaderExtensions.TryCopyWithExtensions(packet, room, _extensionIdMap, _midId, _mid, out var copied)
            || !RtpPacket.TryParse(room[..copied], out var rewritten))
        {
            return 0;
        }

        var headerLength = rewritten.HeaderLength;
        var payloadLength = rewritten.Payload.Length;
        var length = headerLength + 2 + payloadLength;
        if (length > room.Length)
        {
            return 0;
        }

        // Shift the payload up by two bytes (overlap-safe copy) to make room for the original sequence number.
        room.Slice(headerLength, payloadLength).CopyTo(room[(headerLength + 2)..]);
        BinaryPrimitives.WriteUInt16BigEndian(room[headerLength..], originalSeq);
        var output = destination[..length];
        output[0] &= 0xDF; // no padding
        RtpHeader.SetPayloadType(output, _rtxPayloadType);
        RtpHeader.SetSsrc(output, _rtxSsrc);
        RtpHeader.SetSequenceNumber(output, _rtxSeq++);
        RtpHeader.SetTimestamp(output, timestamp);
        WriteSendSideExtensions(output, nowUs);
        return length;
    }

    private void WriteSendSideExtensions(Span<byte> output, long nowUs)
    {
        if (_transportCcId != 0)
        {
            Span<byte> seq = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(seq, Transport.NextTransportSequenceNumber());
            RtpHeaderExtensions.TrySetExtensionValue(output, _transportCcId, seq);
        }

        if (_absSendTimeId != 0)
        {
            // abs-send-time: 6.18 fixed-point seconds, 24 bits.
            var value = (uint)((nowUs << 18) / 1_000_000) & 0xFFFFFF;
            Span<byte> abs = stackalloc byte[3];
            abs[0] = (byte)(value >> 16);
            abs[1] = (byte)(value >> 8);
            abs[2] = (byte)value;
            RtpHeaderExtensions.TrySetExtensionValue(output, _absSendTimeId, abs);
        }
    }
}
