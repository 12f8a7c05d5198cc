using VibezLive.LoadTest.Media;
using VibezLive.LoadTest.Metrics;
using VibezLive.Media.Dtls;

namespace VibezLive.LoadTest.Scenarios;

/// <summary>What every peer of a run shares: settings, the DTLS certificate, the media thread, the measurements.</summary>
internal sealed class LoadContext : IDisposable
{
    public LoadContext(LoadTestOptions options)
    {
        Options = options;
        Certificate = DtlsCertificate.Generate();
        Scheduler = new MediaScheduler();
        Pacer = new JoinPacer(options.JoinRate);
    }

    public LoadTestOptions Options { get; }

    public DtlsCertificate Certificate { get; }

    public MediaScheduler Scheduler { get; }

    public LoadStats Stats { get; } = new();

    public JoinPacer Pacer { get; }

    public void Dispose()
    {
        Scheduler.Dispose();
        Certificate.Dispose();
        Pacer.Dispose();
    }
}
