using System.Diagnostics;

namespace VibezLive.LoadTest.Media;

/// <summary>
/// One dedicated thread that paces every <see cref="OutboundStream"/> (wakes every millisecond and sends what is
/// due) and runs the periodic work of every <see cref="ITicker"/> every 50 ms. Registration is copy-on-write so
/// the loop reads plain arrays without locks.
/// </summary>
internal sealed class MediaScheduler : IDisposable
{
    private static readonly long TickInterval = Stopwatch.Frequency / 20;

    private readonly Lock _gate = new();
    private readonly Thread _thread;
    private volatile OutboundStream[] _streams = [];
    private volatile ITicker[] _tickers = [];
    private volatile bool _stopping;

    public MediaScheduler()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "loadtest-media", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Packets sent by streams that are no longer registered (so totals survive churn).</summary>
    public long RetiredPackets { get; private set; }

    public long RetiredBytes { get; private set; }

    public IReadOnlyList<OutboundStream> Streams => _streams;

    public void Add(OutboundStream stream)
    {
        lock (_gate)
        {
            _streams = [.. _streams, stream];
        }
    }

    public void Remove(OutboundStream stream)
    {
        lock (_gate)
        {
            if (Array.IndexOf(_streams, stream) >= 0)
            {
                _streams = [.. _streams.Where(s => s != stream)];
                RetiredPackets += stream.PacketsSent;
                RetiredBytes += stream.BytesSent;
            }
        }
    }

    public void Add(ITicker ticker)
    {
        lock (_gate)
        {
            _tickers = [.. _tickers, ticker];
        }
    }

    public void Remove(ITicker ticker)
    {
        lock (_gate)
        {
            _tickers = [.. _tickers.Where(t => t != ticker)];
        }
    }

    private void Run()
    {
        long nextTick = 0;
        while (!_stopping)
        {
            long now = Stopwatch.GetTimestamp();
            foreach (var stream in _streams)
            {
                stream.SendDue(now);
            }

            if (now >= nextTick)
            {
                nextTick = now + TickInterval;
                foreach (var ticker in _tickers)
                {
                    ticker.Tick(now);
                }
            }

            Thread.Sleep(1);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join(TimeSpan.FromSeconds(2));
    }
}
