namespace VibezLive.Media.Diagnostics;

/// <summary>
/// Plain counters of one worker. Written only on the worker thread (no interlocked operations on the packet path);
/// read by the observable instruments of <see cref="MediaMetrics"/> (64-bit reads are atomic on 64-bit platforms and a
/// slightly stale value is fine for monotonic counters).
/// </summary>
internal sealed class WorkerCounters
{
    public long RtpPacketsReceived;
    public long RtpBytesReceived;
    public long RtpPacketsSent;
    public long RtpBytesSent;
    public long RtcpPacketsReceived;
    public long RtcpPacketsSent;
    public long NacksReceived;
    public long NacksSent;
    public long RetransmissionsSent;
    public long PacketsRepaired;
    public long PlisReceived;
    public long PlisSent;
    public long FirsSent;
    public long KeyFramesReceived;
    public long Dropped;
    public long StunRequests;

    public int Routers;
    public int Transports;
    public int TransportsConnected;
    public int Producers;
    public int Consumers;
}
