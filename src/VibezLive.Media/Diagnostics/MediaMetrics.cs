using System.Diagnostics.Metrics;

namespace VibezLive.Media.Diagnostics;

/// <summary>
/// The engine's instruments (meter <c>VibezLive.Media</c>). Packet counters are observable: the worker threads bump
/// plain fields of <see cref="WorkerCounters"/> and the callbacks sum them, so the packet path pays nothing.
/// </summary>
internal sealed class MediaMetrics : IDisposable
{
    public const string MeterName = "VibezLive.Media";
    private readonly Meter _meter;
    private readonly Counter<long> _drops;
    private readonly Counter<long> _iceTcpClosed;
    private readonly long[] _iceTcpClosedByReason = new long[Enum.GetValues<Net.IceTcpCloseReason>().Length];
    private int _iceTcpConnections;
    private readonly List<WorkerCounters> _workers = [];

    public MediaMetrics(IMeterFactory? meterFactory)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _drops = _meter.CreateCounter<long>("datagrams_dropped", "{datagram}", "Datagrams dropped outside the worker (queue full, send failed)");
        _iceTcpClosed = _meter.CreateCounter<long>("ice_tcp.connections_closed", "{connection}", "ICE-TCP connections closed or refused, by reason");
        _meter.CreateObservableUpDownCounter("ice_tcp.connections", () => Volatile.Read(ref _iceTcpConnections), "{connection}", "Open ICE-TCP connections");
        Observe("rtp.packets_received", "{packet}", c => c.RtpPacketsReceived);
        Observe("rtp.bytes_received", "By", c => c.RtpBytesReceived);
        Observe("rtp.packets_sent", "{packet}", c => c.RtpPacketsSent);
        Observe("rtp.bytes_sent", "By", c => c.RtpBytesSent);
        Observe("rtcp.packets_received", "{packet}", c => c.RtcpPacketsReceived);
        Observe("rtcp.packets_sent", "{packet}", c => c.RtcpPacketsSent);
        Observe("nacks_received", "{nack}", c => c.NacksReceived);
        Observe("nacks_sent", "{nack}", c => c.NacksSent);
        Observe("retransmissions_sent", "{packet}", c => c.RetransmissionsSent);
        Observe("packets_repaired", "{packet}", c => c.PacketsRepaired);
        Observe("plis_received", "{pli}", c => c.PlisReceived);
        Observe("plis_sent", "{pli}", c => c.PlisSent);
        Observe("firs_sent", "{fir}", c => c.FirsSent);
        Observe("key_frames_received", "{frame}", c => c.KeyFramesReceived);
        Observe("packets_dropped", "{packet}", c => c.Dropped);
        _meter.CreateObservableUpDownCounter("routers", () => Sum(c => c.Routers), "{router}");
        _meter.CreateObservableUpDownCounter("producers", () => Sum(c => c.Producers), "{producer}");
        _meter.CreateObservableUpDownCounter("consumers", () => Sum(c => c.Consumers), "{consumer}");
        _meter.CreateObservableUpDownCounter("webrtc_transports", ObserveTransports, "{transport}");
    }

    public void Register(WorkerCounters counters)
    {
        lock (_workers)
        {
            _workers.Add(counters);
        }
    }

    public void CountDrop(string reason) => _drops.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void CountIceTcpOpened() => Interlocked.Increment(ref _iceTcpConnections);

    /// <summary>An open connection ended.</summary>
    public void CountIceTcpClosed(Net.IceTcpCloseReason reason)
    {
        Interlocked.Decrement(ref _iceTcpConnections);
        CountIceTcpEnd(reason);
    }

    /// <summary>A connection refused at accept (never counted as open).</summary>
    public void CountIceTcpRejected() => CountIceTcpEnd(Net.IceTcpCloseReason.ConnectionLimit);

    /// <summary>Connections of this engine ended for <paramref name="reason"/> (tests and diagnostics).</summary>
    public long IceTcpClosedCount(Net.IceTcpCloseReason reason) => Volatile.Read(ref _iceTcpClosedByReason[(int)reason]);

    /// <summary>Open ICE-TCP connections of this engine.</summary>
    public int IceTcpConnectionCount => Volatile.Read(ref _iceTcpConnections);

    private void CountIceTcpEnd(Net.IceTcpCloseReason reason)
    {
        Interlocked.Increment(ref _iceTcpClosedByReason[(int)reason]);
        _iceTcpClosed.Add(1, new KeyValuePair<string, object?>("reason", ReasonTag(reason)));
    }

    private static string ReasonTag(Net.IceTcpCloseReason reason) => reason switch
    {
        Net.IceTcpCloseReason.PeerClosed => "peer_closed",
        Net.IceTcpCloseReason.ReceiveError => "receive_error",
        Net.IceTcpCloseReason.SendError => "send_error",
        Net.IceTcpCloseReason.NotStun => "not_stun",
        Net.IceTcpCloseReason.IceTimeout => "ice_timeout",
        Net.IceTcpCloseReason.TupleRemoved => "tuple_removed",
        Net.IceTcpCloseReason.ConnectionLimit => "connection_limit",
        _ => "shutdown",
    };

    private void Observe(string name, string unit, Func<WorkerCounters, long> read) =>
        _meter.CreateObservableCounter(name, () => Sum(read), unit);

    private long Sum(Func<WorkerCounters, long> read)
    {
        lock (_workers)
        {
            long total = 0;
            foreach (var w in _workers)
            {
                total += read(w);
            }

            return total;
        }
    }

    private IEnumerable<Measurement<int>> ObserveTransports()
    {
        var all = (int)Sum(c => c.Transports);
        var connected = (int)Sum(c => c.TransportsConnected);
        return
        [
            new Measurement<int>(connected, new KeyValuePair<string, object?>("state", "connected")),
            new Measurement<int>(all - connected, new KeyValuePair<string, object?>("state", "connecting")),
        ];
    }

    public void Dispose() => _meter.Dispose();
}
