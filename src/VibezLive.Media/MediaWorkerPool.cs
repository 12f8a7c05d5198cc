using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VibezLive.Media.Diagnostics;
using VibezLive.Media.Dtls;

namespace VibezLive.Media;

/// <summary>
/// The engine's entry point: <see cref="MediaOptions.NumWorkers"/> single-threaded <see cref="MediaWorker"/>s (one
/// per core by default), each with its own UDP port. Register it as a singleton and start it (it is also an
/// <see cref="IHostedService"/>); put each room's router on <see cref="GetLeastLoadedWorker"/>.
/// </summary>
public sealed class MediaWorkerPool : IAsyncDisposable, IHostedService
{
    private readonly MediaOptions _options;
    private readonly MediaLoggers _loggers;
    private readonly MediaMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly List<MediaWorker> _workers = [];
    private readonly SemaphoreSlim _dtlsLimiter;
    private DtlsCertificate? _certificate;
    private int _started;
    private bool _disposed;

    public MediaWorkerPool(IOptions<MediaOptions> options, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        Validate(_options);
        _loggers = new MediaLoggers(loggerFactory);
        _metrics = new MediaMetrics(meterFactory);
        _time = timeProvider ?? TimeProvider.System;
        _dtlsLimiter = new SemaphoreSlim(_options.MaxConcurrentDtlsHandshakes, _options.MaxConcurrentDtlsHandshakes);
    }

    /// <summary>The workers (empty until <see cref="StartAsync"/>).</summary>
    public IReadOnlyList<MediaWorker> Workers => _workers;

    /// <summary>The worker with the fewest transports (ties: fewest consumers, then lowest id).</summary>
    public MediaWorker GetLeastLoadedWorker()
    {
        if (_workers.Count == 0)
        {
            throw new InvalidOperationException("the media worker pool is not started");
        }

        var best = _workers[0];
        foreach (var worker in _workers)
        {
            if (worker.TransportCount < best.TransportCount
                || (worker.TransportCount == best.TransportCount && worker.ConsumerCount < best.ConsumerCount))
            {
                best = worker;
            }
        }

        return best;
    }

    /// <summary>Binds the workers' UDP ports and starts their threads. Idempotent.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return Task.CompletedTask;
        }

        cancellationToken.ThrowIfCancellationRequested();
        _certificate = DtlsCertificate.Generate();
        var address = IPAddress.Parse(_options.ListenIp);
        for (var i = 0; i < _options.EffectiveWorkerCount; i++)
        {
            var worker = new MediaWorker(i, _options, _loggers, _metrics, _time, _certificate, _dtlsLimiter);
            worker.Start(address, portSkip: i);
            _workers.Add(worker);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => CloseWorkersAsync();

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await CloseWorkersAsync().ConfigureAwait(false);
        _certificate?.Dispose();
        _metrics.Dispose();
        _dtlsLimiter.Dispose();
    }

    private async Task CloseWorkersAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.CloseAsync().ConfigureAwait(false);
        }
    }

    private static void Validate(MediaOptions options)
    {
        if (!IPAddress.TryParse(options.ListenIp, out var ip))
        {
            throw new OptionsValidationException(MediaOptions.SectionName, typeof(MediaOptions), [$"Media:ListenIp '{options.ListenIp}' is not an IP address."]);
        }

        if ((ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)) && string.IsNullOrWhiteSpace(options.AnnouncedIp))
        {
            throw new OptionsValidationException(MediaOptions.SectionName, typeof(MediaOptions), ["Media:AnnouncedIp is required when Media:ListenIp is 0.0.0.0 or :: (browsers need a reachable address)."]);
        }

        if (!options.EnableUdp && !options.EnableTcp)
        {
            throw new OptionsValidationException(MediaOptions.SectionName, typeof(MediaOptions), ["Media:EnableUdp and Media:EnableTcp are both false: browsers would get no ICE candidate."]);
        }

        if (options.RtcMinPort > options.RtcMaxPort || (options.RtcMinPort == 0) != (options.RtcMaxPort == 0))
        {
            throw new OptionsValidationException(MediaOptions.SectionName, typeof(MediaOptions), ["Media:RtcMinPort must be <= Media:RtcMaxPort (both 0 = ephemeral ports)."]);
        }
    }
}
