using System.Collections.Concurrent;
using VibezLive.Media.Parameters;

namespace VibezLive.Media;

/// <summary>
/// A producer forwarded to an endpoint (mediasoup's Consumer). Owned by its transport's worker; methods may be
/// called from any thread; events are raised on the worker thread (handlers must not block; post to your own
/// context). mediasoup's <c>producerpause</c>/<c>producerresume</c> events are <see cref="ProducerPause"/> and
/// <see cref="ProducerResume"/> here (the names <c>ProducerPaused</c> is the state property).
/// </summary>
public abstract class Consumer
{
    private protected Consumer(WebRtcTransport transport, Producer producer, RtpParameters rtpParameters, string type, bool paused, IDictionary<string, object?>? appData)
    {
        Transport = transport;
        Producer = producer;
        RtpParameters = rtpParameters;
        Type = type;
        PausedFlag = paused;
        ProducerPausedFlag = producer.Paused;
        AppData = new ConcurrentDictionary<string, object?>(appData ?? new Dictionary<string, object?>());
    }

    public string Id { get; } = Guid.NewGuid().ToString();

    public string ProducerId => Producer.Id;

    public MediaKind Kind => Producer.Kind;

    /// <summary>What mediasoup-client's <c>transport.consume({ id, producerId, kind, rtpParameters })</c> needs.</summary>
    public RtpParameters RtpParameters { get; }

    /// <summary>"simple" for a simple producer, "simulcast" for a simulcast one (the consumer still receives one
    /// stream: <see cref="RtpParameters"/> has a single encoding).</summary>
    public string Type { get; }

    public bool Paused => PausedFlag;

    public bool ProducerPaused => ProducerPausedFlag;

    public bool IsClosed => ClosedFlag;

    public IDictionary<string, object?> AppData { get; }

    /// <summary>The producer closed; this consumer is closed too (mediasoup's <c>producerclose</c>).</summary>
    public event Action? ProducerClosed;

    /// <summary>The transport of this consumer closed; this consumer is closed too (<c>transportclose</c>).</summary>
    public event Action? TransportClosed;

    /// <summary>The producer was paused (<c>producerpause</c>).</summary>
    public event Action? ProducerPause;

    /// <summary>The producer was resumed (<c>producerresume</c>).</summary>
    public event Action? ProducerResume;

    /// <summary>Raised last, once, whatever the reason of the close (including this consumer's own CloseAsync).</summary>
    public event Action? Closed;

    internal WebRtcTransport Transport { get; }

    internal Producer Producer { get; }

    private protected volatile bool PausedFlag;
    private protected volatile bool ProducerPausedFlag;
    private protected volatile bool ClosedFlag;

    private protected MediaWorker Worker => Transport.Worker;

    /// <summary>Stops forwarding.</summary>
    public Task PauseAsync() => Worker.InvokeAsync(OnPause);

    /// <summary>Starts forwarding again; requests a key frame so the endpoint can decode at once.</summary>
    public Task ResumeAsync() => Worker.InvokeAsync(OnResume);

    /// <summary>Simulcast: the preferred spatial layer (0 = lowest encoding); null for a simple consumer.</summary>
    public abstract int? PreferredSpatialLayer { get; }

    /// <summary>Simulcast: the spatial layer being forwarded now; null for a simple consumer, or while none was
    /// forwarded yet.</summary>
    public abstract int? CurrentSpatialLayer { get; }

    /// <summary>
    /// Simulcast: selects the spatial layer to receive (mediasoup's <c>setPreferredLayers</c>). <paramref name="spatial"/>
    /// is clamped to the producer's encodings; the consumer then forwards the highest layer flowing at or below it and
    /// switches at that layer's next key frame (requested at once). <paramref name="temporal"/> is accepted but not
    /// applied: every temporal layer of the chosen encoding is forwarded (dropping temporal layers would need VP8/VP9
    /// picture id and TL0PICIDX rewriting). A no-op for a simple consumer.
    /// </summary>
    public Task SetPreferredLayersAsync(int spatial, int? temporal) => Worker.InvokeAsync(() => OnSetPreferredLayers(spatial, temporal));

    /// <summary>Asks the producer's endpoint for a key frame of the stream this consumer forwards (or switches to),
    /// throttled to one per second per stream.</summary>
    public Task RequestKeyFrameAsync() => Worker.InvokeAsync(() => RequestKeyFrame(Worker.NowUs));

    /// <summary>Closes the consumer. Idempotent.</summary>
    public Task CloseAsync() => ClosedFlag ? Task.CompletedTask : Worker.InvokeAsync(() => CloseInternal(CloseReason.Self));

    /// <summary>mediasoup's consumer stats: the consumer's <c>outbound-rtp</c> and the producer's <c>inbound-rtp</c>.</summary>
    public Task<IReadOnlyList<object>> GetStatsAsync() => Worker.InvokeAsync(BuildStats);

    private protected abstract void OnPause();

    private protected abstract void OnResume();

    private protected abstract IReadOnlyList<object> BuildStats();

    private protected abstract void OnSetPreferredLayers(int spatial, int? temporal);

    internal abstract void RequestKeyFrame(long nowUs);

    internal abstract void OnProducerPaused();

    internal abstract void OnProducerResumed();

    internal void OnProducerClosed() => CloseInternal(CloseReason.ProducerClosed);

    internal void OnTransportClosed() => CloseInternal(CloseReason.TransportClosed);

    private protected void RaiseProducerPause() => Worker.Raise(ProducerPause);

    private protected void RaiseProducerResume() => Worker.Raise(ProducerResume);

    internal void CloseInternal(CloseReason reason)
    {
        if (ClosedFlag)
        {
            return;
        }

        ClosedFlag = true;
        if (reason != CloseReason.ProducerClosed)
        {
            Producer.RemoveConsumer((SimpleConsumer)this);
        }

        if (reason != CloseReason.TransportClosed)
        {
            Transport.OnConsumerClosed(this);
        }

        Worker.Counters.Consumers--;
        if (reason == CloseReason.ProducerClosed)
        {
            Worker.Raise(ProducerClosed);
        }
        else if (reason == CloseReason.TransportClosed)
        {
            Worker.Raise(TransportClosed);
        }

        Worker.Raise(Closed);
    }

    internal enum CloseReason
    {
        Self,
        ProducerClosed,
        TransportClosed,
    }
}
