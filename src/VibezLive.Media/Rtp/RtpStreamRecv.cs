using VibezLive.Protocols.Rtcp;
using VibezLive.Protocols.Rtp;

namespace VibezLive.Media.Rtp;

/// <summary>
/// Receive-side state of one producer stream: RFC 3550 §A.3/§A.8 statistics (loss, jitter) for receiver reports,
/// the sender's last SR (for LSR/DLSR and for consumers' lip-sync mapping), NACK generation, the retransmission
/// store, and key-frame request throttling (one request per second, mediasoup's KeyFrameRequestManager).
/// Worker thread only.
/// </summary>
internal sealed class RtpStreamRecv
{
    public const long KeyFrameRequestIntervalUs = 1_000_000;
    private SequenceNumberUnwrapper _unwrapper;
    private long _baseSeq = -1;
    private long _expectedPrior;
    private long _receivedPrior;
    private long _lastTransit = long.MinValue;
    private double _jitter;
    private long _windowStartUs;
    private long _windowBytes;

    public RtpStreamRecv(uint ssrc, uint? rtxSsrc, uint mappedSsrc, string mimeType, int clockRate, bool isVideo, bool storePackets)
    {
        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
        MappedSsrc = mappedSsrc;
        MimeType = mimeType;
        ClockRate = clockRate;
        IsVideo = isVideo;
        Store = storePackets ? new RtpPacketStore() : null;
    }

    /// <summary>0 until learned (simulcast encodings signaled by RID only).</summary>
    public uint Ssrc { get; set; }

    public uint? RtxSsrc { get; set; }

    /// <summary>The encoding's RID (simulcast), if any.</summary>
    public string? Rid { get; init; }

    /// <summary>Index of the encoding in the producer's parameters.</summary>
    public int Index { get; init; }

    public uint MappedSsrc { get; }

    public string MimeType { get; }

    public int ClockRate { get; }

    public bool IsVideo { get; }

    public NackGenerator Nack { get; } = new();

    public RtpPacketStore? Store { get; }

    public long PacketCount { get; private set; }

    public long ByteCount { get; private set; }

    public long PacketsRepaired { get; set; }

    public long PacketsRetransmitted { get; set; }

    public long NackCount { get; set; }

    public long NackPacketCount { get; set; }

    public long PliCount { get; set; }

    public long FirCount { get; set; }

    public long KeyFrames { get; set; }

    public long Bitrate { get; private set; }

    public long RttUs { get; set; }

    public long LastPacketUs { get; private set; }

    /// <summary>The sender's last SR: NTP time, RTP time, and when we received it (our clock).</summary>
    public ulong LastSrNtp { get; private set; }

    public uint LastSrRtp { get; private set; }

    public long LastSrReceivedUs { get; private set; } = -1;

    public long LastKeyFrameRequestUs { get; set; } = long.MinValue / 2;

    public bool KeyFrameRetryPending { get; set; }

    public bool AwaitingKeyFrame { get; set; }

    public byte FirSequence { get; set; }

    public byte LastFractionLost { get; private set; }

    public int CumulativeLost { get; private set; }

    /// <summary>Accounts one packet; returns its extended sequence number.</summary>
    public long OnPacket(ushort seq, uint timestamp, int size, long nowUs, bool retransmitted)
    {
        var extended = _unwrapper.Unwrap(seq);
        if (_baseSeq < 0)
        {
            _baseSeq = extended;
            _windowStartUs = nowUs;
        }

        PacketCount++;
        ByteCount += size;
        LastPacketUs = nowUs;
        _windowBytes += size;
        if (nowUs - _windowStartUs >= 1_000_000)
        {
            Bitrate = _windowBytes * 8 * 1_000_000 / (nowUs - _windowStartUs);
            _windowBytes = 0;
            _windowStartUs = nowUs;
        }

        if (!retransmitted)
        {
            // Interarrival jitter (RFC 3550 §A.8), in timestamp units.
            var arrival = (long)(nowUs * (ClockRate / 1_000_000.0));
            var transit = arrival - timestamp;
            if (_lastTransit != long.MinValue)
            {
                var d = Math.Abs((int)(transit - _lastTransit));
                _jitter += (d - _jitter) / 16.0;
            }

            _lastTransit = transit;
        }

        return extended;
    }

    public void OnSenderReport(ulong ntp, uint rtpTimestamp, long nowUs)
    {
        LastSrNtp = ntp;
        LastSrRtp = rtpTimestamp;
        LastSrReceivedUs = nowUs;
    }

    /// <summary>A report block for this stream (RFC 3550 §6.4.1, §A.3); resets the interval counters.</summary>
    public ReportBlock BuildReportBlock(long nowUs)
    {
        var highest = _unwrapper.Highest;
        var expected = _baseSeq < 0 ? 0 : highest - _baseSeq + 1;
        var lost = expected - PacketCount;
        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = PacketCount - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = PacketCount;
        var lostInterval = expectedInterval - receivedInterval;
        var fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        LastFractionLost = (byte)fraction;
        CumulativeLost = (int)Math.Clamp(lost, -0x800000, 0x7FFFFF);
        uint lsr = 0;
        uint dlsr = 0;
        if (LastSrReceivedUs >= 0)
        {
            lsr = (uint)(LastSrNtp >> 16);
            dlsr = (uint)((nowUs - LastSrReceivedUs) * 65536 / 1_000_000);
        }

        return new ReportBlock
        {
            Ssrc = Ssrc,
            FractionLost = (byte)fraction,
            CumulativeLost = CumulativeLost,
            HighestSequence = (uint)highest,
            Jitter = (uint)_jitter,
            LastSenderReport = lsr,
            DelaySinceLastSenderReport = dlsr,
        };
    }

    public uint Jitter => (uint)_jitter;
}
