namespace VibezLive.LoadTest.Media;

/// <summary>Periodic work (ICE consent, RTCP receiver reports) run on the <see cref="MediaScheduler"/> thread.</summary>
internal interface ITicker
{
    void Tick(long now);
}
