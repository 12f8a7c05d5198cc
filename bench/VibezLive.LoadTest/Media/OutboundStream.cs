using System.Buffers.Binary;
using System.Diagnostics;
using VibezLive.LoadTest.Signaling;
using VibezLive.Protocols.Rtp;
using VibezLive.Protocols.Srtp;

namespace VibezLive.LoadTest.Media;

/// <summary>
/// One synthetic media source on a send transport: Opus at 50 packets/s, or VP8 frames at a frame rate and
/// bitrate, split into packets, with periodic key frames and a key frame on request (PLI/FIR). Driven by the
/// <see cref="MediaScheduler"/> thread only; writes every packet into one pinned buffer (no allocation).
/// </summary>
internal sealed class OutboundStream
{
    private const int MaxPayload = 1100;
    private const int HeaderLength = 28; // 12 fixed + 4 extension header + 12 bytes of one-byte elements (RFC 8285 §4.2)
    private const int OpusPacketBytes = 80; // ~32 kbit/s at 20 ms
    private static readonly long Start = Stopwatch.GetTimestamp();

    private readonly ClientTransport _transport;
    private readonly byte[] _headerTemplate;
    private readonly int _absSendTimeOffset;
    private readonly int _transportCcOffset;
    private readonly byte[] _buffer = GC.AllocateArray<byte>(HeaderLength + MaxPayload + SrtpSession.MaxOverhead + 64, pinned: true);
    private readonly long _interval;
    private readonly long _keyFrameInterval;
    private readonly int _frameBytes;
    private readonly uint _timestampStep;
    private long _nextDue;
    private long _nextKeyFrame;
    private int _keyFrameRequested;
    private ushort _sequence;
    private uint _timestamp;
    private uint _probeSequence;
    private int _pictureId;
    private readonly uint _rtxSsrc;
    private readonly RetransmissionBuffer? _history;
    private readonly NackQueue _nacks = new();
    private readonly byte[]? _rtxBuffer;
    private readonly int _dropPerMille;
    private int _dropAccumulator;
    private ushort _rtxSequence;

    private OutboundStream(ClientTransport transport, bool video, uint ssrc, long interval, int frameBytes, uint timestampStep, TimeSpan keyFrameInterval, uint rtxSsrc = 0, double uplinkDropPercent = 0)
    {
        _rtxSsrc = rtxSsrc;
        _dropPerMille = (int)Math.Round(uplinkDropPercent * 10);
        if (rtxSsrc != 0)
        {
            _history = new RetransmissionBuffer();
            _rtxBuffer = GC.AllocateArray<byte>(HeaderLength + 2 + MaxPayload + SrtpSession.MaxOverhead + 64, pinned: true);
            _rtxSequence = (ushort)Random.Shared.Next();
        }

        _transport = transport;
        IsVideo = video;
        Ssrc = ssrc;
        _headerTemplate = BuildHeaderTemplate(video, ssrc, out _absSendTimeOffset, out _transportCcOffset);
        _interval = interval;
        _frameBytes = frameBytes;
        _timestampStep = timestampStep;
        _keyFrameInterval = keyFrameInterval <= TimeSpan.Zero ? long.MaxValue / 4 : (long)(keyFrameInterval.TotalSeconds * Stopwatch.Frequency);
        _sequence = (ushort)Random.Shared.Next();
        _timestamp = (uint)Random.Shared.Next();
        _pictureId = Random.Shared.Next(0x8000);
        _nextDue = Stopwatch.GetTimestamp();
        _keyFrameRequested = 1; // the first frame is a key frame
    }

    public bool IsVideo { get; }

    public uint Ssrc { get; }

    public long PacketsSent { get; private set; }

    public long BytesSent { get; private set; }

    public long KeyFrames { get; private set; }

    public long KeyFrameRequests => Volatile.Read(ref _keyFrameRequestCount);

    private long _keyFrameRequestCount;

    /// <summary>Packets not sent on purpose (--uplink-drop-percent) to make the SFU recover them.</summary>
    public long UplinkDropped { get; private set; }

    /// <summary>RTX packets sent in answer to NACKs.</summary>
    public long Retransmitted { get; private set; }

    /// <summary>NACKed packets no longer in the history (or NACK queue overflow).</summary>
    public long RetransmissionMisses { get; private set; }

    public static OutboundStream Audio(ClientTransport transport, uint ssrc, double uplinkDropPercent = 0) =>
        new(transport, video: false, ssrc, Stopwatch.Frequency / 50, OpusPacketBytes, 960, TimeSpan.Zero, 0, uplinkDropPercent);

    public static OutboundStream Video(ClientTransport transport, uint ssrc, uint rtxSsrc, int bitrateBps, int framesPerSecond, TimeSpan keyFrameInterval, double uplinkDropPercent = 0) =>
        new(transport, video: true, ssrc, Stopwatch.Frequency / framesPerSecond, Math.Max(bitrateBps / 8 / framesPerSecond, 64), (uint)(90000 / framesPerSecond), keyFrameInterval, rtxSsrc, uplinkDropPercent);

    /// <summary>A NACKed sequence number (RFC 4585 §6.2.1), from the transport's receive loop; answered on the scheduler thread.</summary>
    public void OnNack(ushort sequence) => _nacks.Enqueue(sequence);

    /// <summary>PLI/FIR from the SFU: the next frame is a key frame. Any thread.</summary>
    public void RequestKeyFrame()
    {
        Interlocked.Increment(ref _keyFrameRequestCount);
        Volatile.Write(ref _keyFrameRequested, 1);
    }

    /// <summary>Sends every frame that is due at <paramref name="now"/>; returns the packets sent.</summary>
    public int SendDue(long now)
    {
        if (!_transport.IsReady)
        {
            _nextDue = now;
            return 0;
        }

        int sent = 0;
        while (_nacks.TryDequeue(out ushort nacked))
        {
            sent += Retransmit(nacked);
        }

        if (now - _nextDue > Stopwatch.Frequency)
        {
            _nextDue = now; // fell behind by more than a second: skip ahead rather than burst
        }

        while (_nextDue <= now)
        {
            sent += IsVideo ? SendVideoFrame(now) : SendAudioPacket(now);
            _nextDue += _interval;
            _timestamp += _timestampStep;
        }

        return sent;
    }

    private int SendAudioPacket(long now)
    {
        Span<byte> p = _buffer;
        int offset = WriteHeader(p, marker: false, now);
        p[offset] = 0xFC; // TOC: config 31 (CELT FB 20 ms), stereo, one frame (RFC 6716 §3.1)
        Probe.Write(p[(offset + 1)..], _probeSequence++, Stopwatch.GetTimestamp());
        int length = offset + OpusPacketBytes;
        p[(offset + 1 + Probe.Length)..length].Clear();
        return Send(length);
    }

    private int SendVideoFrame(long now)
    {
        bool key = Interlocked.Exchange(ref _keyFrameRequested, 0) != 0 || now >= _nextKeyFrame;
        if (key)
        {
            _nextKeyFrame = now + _keyFrameInterval;
            KeyFrames++;
        }

        int remaining = key ? _frameBytes * 3 : _frameBytes;
        int packets = 0;
        bool first = true;
        _pictureId = (_pictureId + 1) & 0x7FFF;
        while (remaining > 0 || first)
        {
            Span<byte> p = _buffer;
            int budget = MaxPayload - Vp8Payload.DescriptorLength - Probe.Length - (first ? Vp8Payload.KeyFrameHeaderLength : 0);
            int chunk = Math.Min(remaining, budget);
            bool last = remaining - chunk <= 0;
            int offset = WriteHeader(p, marker: last, now);
            Vp8Payload.WriteDescriptor(p[offset..], first, _pictureId);
            offset += Vp8Payload.DescriptorLength;
            if (first)
            {
                offset += Vp8Payload.WriteFrameHeader(p[offset..], key, _frameBytes);
            }

            Probe.Write(p[offset..], _probeSequence++, Stopwatch.GetTimestamp());
            offset += Probe.Length;
            p.Slice(offset, chunk).Clear();
            packets += Send(offset + chunk);
            remaining -= chunk;
            first = false;
        }

        return packets;
    }

    /// <summary>
    /// The header every packet of this stream starts from: RTP fixed header (RFC 3550 §5.1) with this stream's
    /// payload type and SSRC, and one-byte header extensions (RFC 8285 §4.2) mid, abs-send-time, transport-cc and,
    /// for audio, the audio level (RFC 6464: voice activity, -40 dBov). Built once with the shared extension writer;
    /// per packet only the values at the offsets returned here change.
    /// </summary>
    private static byte[] BuildHeaderTemplate(bool video, uint ssrc, out int absSendTimeOffset, out int transportCcOffset)
    {
        byte[] header = new byte[HeaderLength];
        byte[] scratch = new byte[HeaderLength];
        header[0] = 0x80; // V=2
        RtpHeader.SetPayloadType(header, video ? ChromeRtpParameters.Vp8PayloadType : ChromeRtpParameters.OpusPayloadType);
        RtpHeader.SetSsrc(header, ssrc);
        int length = RtpPacket.FixedHeaderLength;
        byte[] identity = new byte[256]; // keep every id as it is
        for (int i = 0; i < identity.Length; i++)
        {
            identity[i] = (byte)i;
        }

        Append(ChromeRtpParameters.MidId, [(byte)(video ? ChromeRtpParameters.VideoMid : ChromeRtpParameters.AudioMid)[0]]);
        Append(ChromeRtpParameters.AbsSendTimeId, [0, 0, 0]);
        Append(ChromeRtpParameters.TransportCcId, [0, 0]);
        if (!video)
        {
            Append(ChromeRtpParameters.AudioLevelId, [0x80 | 40]);
        }

        if (length != HeaderLength
            || !RtpHeaderExtensions.TryGetExtensionSpan(header, ChromeRtpParameters.AbsSendTimeId, out Span<byte> absSendTime)
            || !RtpHeaderExtensions.TryGetExtensionSpan(header, ChromeRtpParameters.TransportCcId, out Span<byte> transportCc)
            || !header.AsSpan().Overlaps(absSendTime, out absSendTimeOffset)
            || !header.AsSpan().Overlaps(transportCc, out transportCcOffset))
        {
            throw new InvalidOperationException("RTP header template does not have the expected layout.");
        }

        return header;

        void Append(byte id, ReadOnlySpan<byte> value)
        {
            if (!RtpHeaderExtensions.TryCopyWithExtensions(header.AsSpan(0, length), scratch, identity, id, value, out length))
            {
                throw new InvalidOperationException("RTP header template does not fit.");
            }

            (header, scratch) = (scratch, header);
        }
    }

    /// <summary>Writes this packet's header from the template: marker, sequence number, timestamp, abs-send-time, transport-wide sequence.</summary>
    private int WriteHeader(Span<byte> p, bool marker, long now)
    {
        _headerTemplate.CopyTo(p);
        RtpHeader.SetMarker(p, marker);
        RtpHeader.SetSequenceNumber(p, _sequence++);
        RtpHeader.SetTimestamp(p, _timestamp);

        // abs-send-time: 6.18 fixed-point seconds, 24 bits.
        uint absSendTime = (uint)(((now - Start) << 18) / Stopwatch.Frequency);
        p[_absSendTimeOffset] = (byte)(absSendTime >> 16);
        p[_absSendTimeOffset + 1] = (byte)(absSendTime >> 8);
        p[_absSendTimeOffset + 2] = (byte)absSendTime;
        BinaryPrimitives.WriteUInt16BigEndian(p[_transportCcOffset..], _transport.NextTransportSequence());
        return HeaderLength;
    }

    /// <summary>RFC 4588 §4: the original packet on the RTX SSRC with its own sequence, payload = OSN + original payload.</summary>
    private int Retransmit(ushort sequence)
    {
        if (_history is null || _rtxBuffer is null || !_history.TryGet(sequence, out ReadOnlySpan<byte> original))
        {
            RetransmissionMisses++;
            return 0;
        }

        Span<byte> p = _rtxBuffer;
        original[..HeaderLength].CopyTo(p);
        RtpHeader.SetPayloadType(p, ChromeRtpParameters.RtxPayloadType);
        RtpHeader.SetSequenceNumber(p, _rtxSequence++);
        RtpHeader.SetSsrc(p, _rtxSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(p[_transportCcOffset..], _transport.NextTransportSequence());
        BinaryPrimitives.WriteUInt16BigEndian(p[HeaderLength..], sequence);
        original[HeaderLength..].CopyTo(p[(HeaderLength + 2)..]);
        int length = original.Length + 2;
        if (!_transport.SendRtp(_rtxBuffer, length))
        {
            return 0;
        }

        Retransmitted++;
        return 1;
    }

    private int Send(int length)
    {
        _history?.Store((ushort)(_sequence - 1), _buffer.AsSpan(0, length)); // the sequence number WriteHeader just used

        if (_dropPerMille > 0)
        {
            // Simulated uplink loss, evenly spread (error diffusion): the SFU has to NACK these.
            _dropAccumulator += _dropPerMille;
            if (_dropAccumulator >= 1000)
            {
                _dropAccumulator -= 1000;
                UplinkDropped++;
                PacketsSent++;
                BytesSent += length;
                return 1;
            }
        }

        if (!_transport.SendRtp(_buffer, length))
        {
            return 0;
        }

        PacketsSent++;
        BytesSent += length;
        return 1;
    }
}
