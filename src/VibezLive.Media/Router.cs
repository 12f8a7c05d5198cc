using System.Collections.Concurrent;
using VibezLive.Media.Negotiation;
using VibezLive.Media.Parameters;

namespace VibezLive.Media;

/// <summary>
/// A media switch (mediasoup's Router), typically one per room: producers of its transports can be consumed by any
/// of its transports. Owned by one <see cref="MediaWorker"/>; its methods may be called from any thread.
/// </summary>
public sealed class Router
{
    private readonly Dictionary<string, WebRtcTransport> _transports = [];
    private readonly ConcurrentDictionary<string, Producer> _producers = new(StringComparer.Ordinal);
    private readonly Observers.AudioLevelObserver _audioLevels;
    private volatile bool _closed;

    internal Router(MediaWorker worker, RtpCapabilities rtpCapabilities)
    {
        Worker = worker;
        RtpCapabilities = rtpCapabilities;
        _audioLevels = new Observers.AudioLevelObserver((producer, volume) =>
            Worker.Raise(ActiveSpeakerChanged, new Observers.ActiveSpeaker(producer, volume)));
    }

    public string Id { get; } = Guid.NewGuid().ToString();

    /// <summary>What mediasoup-client's <c>device.load({ routerRtpCapabilities })</c> needs, verbatim.</summary>
    public RtpCapabilities RtpCapabilities { get; }

    public bool Closed => _closed;

    public MediaWorker Worker { get; }

    public IDictionary<string, object?> AppData { get; } = new ConcurrentDictionary<string, object?>();

    /// <summary>Raised (on the worker thread) when the router closes for any reason.</summary>
    public event Action? RouterClosed;

    /// <summary>Raised (on the worker thread) when the loudest audio producer of the router changes, judged every
    /// 800 ms from the RFC 6464 audio levels its producers send; silence keeps the last speaker.</summary>
    public event Action<Observers.ActiveSpeaker>? ActiveSpeakerChanged;

    /// <summary>Creates a WebRTC transport on the worker's shared UDP port (ICE-lite, DTLS, SRTP).</summary>
    public Task<WebRtcTransport> CreateWebRtcTransportAsync(WebRtcTransportOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ct.ThrowIfCancellationRequested();
        return Worker.InvokeAsync(() =>
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var transport = new WebRtcTransport(this, options);
            _transports.Add(transport.Id, transport);
            return transport;
        });
    }

    /// <summary>Whether an endpoint with <paramref name="rtpCapabilities"/> can consume the producer (mediasoup's
    /// <c>router.canConsume</c>): false, not an exception, for an unknown producer or no compatible codec.</summary>
    public bool CanConsume(string producerId, RtpCapabilities rtpCapabilities)
    {
        ArgumentNullException.ThrowIfNull(producerId);
        ArgumentNullException.ThrowIfNull(rtpCapabilities);
        if (!_producers.TryGetValue(producerId, out var producer))
        {
            return false;
        }

        try
        {
            Ortc.ValidateRtpCapabilities(rtpCapabilities);
            return Ortc.CanConsume(producer.ConsumableRtpParameters, rtpCapabilities);
        }
        catch (Exception ex) when (ex is OrtcException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The producer with <paramref name="producerId"/> on any transport of this router, if alive.</summary>
    public Producer? GetProducer(string producerId) =>
        _producers.TryGetValue(producerId, out var producer) ? producer : null;

    /// <summary>Closes the router and everything below it (transports, producers, consumers). Idempotent.</summary>
    public Task CloseAsync() => _closed ? Task.CompletedTask : Worker.InvokeAsync(CloseInternal);

    internal void AddProducer(Producer producer)
    {
        _producers[producer.Id] = producer;
        if (producer.AudioLevelExtensionId != 0)
        {
            _audioLevels.Add(producer);
        }
    }

    internal void RemoveProducer(Producer producer)
    {
        _producers.TryRemove(producer.Id, out _);
        _audioLevels.Remove(producer);
    }

    /// <summary>Worker timer tick.</summary>
    internal void OnTick(long nowUs) => _audioLevels.OnTick(nowUs);

    internal void OnTransportClosed(WebRtcTransport transport) => _transports.Remove(transport.Id);

    internal void CloseInternal()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        foreach (var transport in _transports.Values.ToArray())
        {
            transport.CloseInternal(dueToRouter: true);
        }

        _transports.Clear();
        _producers.Clear();
        Worker.OnRouterClosed(this);
        Worker.Raise(RouterClosed);
    }
}
