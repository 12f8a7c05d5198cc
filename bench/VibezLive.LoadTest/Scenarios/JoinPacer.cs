using System.Diagnostics;

namespace VibezLive.LoadTest.Scenarios;

/// <summary>Spaces join starts to at most N per second across all callers.</summary>
internal sealed class JoinPacer : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly long _interval;
    private long _next;

    public JoinPacer(double perSecond) => _interval = (long)(Stopwatch.Frequency / perSecond);

    public async Task WaitAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            long now = Stopwatch.GetTimestamp();
            if (_next > now)
            {
                await Task.Delay(Stopwatch.GetElapsedTime(now, _next), ct);
                now = _next;
            }

            _next = now + _interval;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
