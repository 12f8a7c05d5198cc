using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using VibezLive.Media.Diagnostics;
using VibezLive.Media.Dtls;
using VibezLive.Media.Negotiation;
using VibezLive.Media.Net;
using VibezLive.Media.Parameters;

namespace VibezLive.Media;

/// <summary>
/// A single-threaded event loop (mediasoup's worker). Every router, transport, producer and consumer created through it
/// is touched only on its dedicated thread: datagrams from its sockets, control requests from the application
/// (posted and awaited) and the periodic tick (RTCP, NACK, ICE consent) are all handled there, one at a time, so
/// the packet path needs no locks. Events of the objects it owns are raised on this thread: handlers must not block.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Closed (and its wait handle released) through MediaWorkerPool, which owns the workers.")]
public sealed class MediaWorker
{
    /// <summary>Period of the timer tick that drives RTCP reports, NACK retries, transport-cc feedback and consent.</summary>
    internal static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(20);

    // Synchronous continuations: the only one is the idle loop's `_wake.Set`, so the writer (a receive thread) runs it
    // inline instead of queueing a thread-pool item per wake-up (measured: idle pool threads then spun in
    // sched_yield for about a quarter of the server's CPU in the meeting load test).
    private readonly Channel<WorkItem> _queue = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = true });
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly Action _wakeAction;
    private readonly int _queueCapacity;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Router> _routers = [];
    private readonly List<WebRtcServer> _servers = [];
    private readonly List<WebRtcServer> _serverTickSnapshot = [];
    private IPAddress _listenAddress = IPAddress.Loopback;
    private int _nextPortSkip;
    private Thread? _thread;
    private int _queuedDatagrams;
    private volatile bool _closed;

    internal MediaWorker(int id, MediaOptions options, MediaLoggers loggers, MediaMetrics metrics, TimeProvider time, DtlsCertificate certificate, SemaphoreSlim dtlsLimiter)
    {
        Id = id;
        Options = options;
        Loggers = loggers;
        Metrics = metrics;
        _time = time;
        Certificate = certificate;
        DtlsLimiter = dtlsLimiter;
        _queueCapacity = options.WorkerQueueCapacity;
        _wakeAction = _wake.Set;
        metrics.Register(Counters);
        AnnouncedAddress = options.AnnouncedIp ?? options.ListenIp;
    }

    public int Id { get; }

    /// <summary>Routers alive on this worker.</summary>
    public int RouterCount => Volatile.Read(ref Counters.Routers);

    /// <summary>WebRTC transports alive on this worker.</summary>
    public int TransportCount => Volatile.Read(ref Counters.Transports);

    public int ProducerCount => Volatile.Read(ref Counters.Producers);

    public int ConsumerCount => Volatile.Read(ref Counters.Consumers);

    public bool Closed => _closed;

    /// <summary>The UDP endpoint all WebRTC transports of this worker share (mediasoup's WebRtcServer); null with
    /// per-transport ports (<see cref="MediaOptions.UseWebRtcServer"/> false).</summary>
    public IPEndPoint? LocalEndPoint => Server?.LocalEndPoint;

    internal MediaOptions Options { get; }

    internal MediaLoggers Loggers { get; }

    internal MediaMetrics Metrics { get; }

    internal WorkerCounters Counters { get; } = new();

    internal DtlsCertificate Certificate { get; }

    internal SemaphoreSlim DtlsLimiter { get; }

    internal string AnnouncedAddress { get; }

    /// <summary>The shared server (null with per-transport ports).</summary>
    internal WebRtcServer? Server { get; private set; }

    /// <summary>Scratch for outgoing RTP: every consumer rewrites and protects into it, then sends synchronously.</summary>
    /// <summary>The UDP datagrams of the current work item, sent with one system call per socket when it ends.</summary>
    internal UdpSendBatch SendBatch { get; } = new();

    internal byte[] SendBuffer { get; } = GC.AllocateUninitializedArray<byte>(Datagram.BufferSize, pinned: true);

    /// <summary>Scratch for RTCP this worker writes.</summary>
    internal byte[] RtcpBuffer { get; } = GC.AllocateUninitializedArray<byte>(Datagram.BufferSize, pinned: true);

    internal TimeProvider Time => _time;

    /// <summary>Monotonic microseconds (the clock of every timer on this worker).</summary>
    internal long NowUs
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (long)(_time.GetTimestamp() * (1_000_000.0 / _time.TimestampFrequency));
    }

    internal bool IsCurrentThread => Thread.CurrentThread == _thread;

    /// <summary>Creates a router with capabilities generated from <paramref name="mediaCodecs"/> (mediasoup's
    /// <c>worker.createRouter({ mediaCodecs })</c>). Throws <see cref="OrtcException"/> for unsupported codecs.</summary>
    public Task<Router> CreateRouterAsync(IReadOnlyList<RtpCodecCapability> mediaCodecs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(mediaCodecs);
        ct.ThrowIfCancellationRequested();
        var capabilities = Ortc.GenerateRouterRtpCapabilities(mediaCodecs);
        return InvokeAsync(() =>
        {
            var router = new Router(this, capabilities);
            _routers.Add(router.Id, router);
            Counters.Routers++;
            return router;
        });
    }

    internal void Start(IPAddress listenAddress, int portSkip)
    {
        _listenAddress = listenAddress;
        _nextPortSkip = portSkip;
        if (Options.UseWebRtcServer)
        {
            Server = WebRtcServer.Bind(this, listenAddress, portSkip);
            _servers.Add(Server);
        }

        _thread = new Thread(Run) { IsBackground = true, Name = $"media-worker-{Id}" };
        _thread.Start();
        if (Server is not null)
        {
            Server.Start(shared: true);
            MediaLog.WorkerStarted(Loggers.Worker, Id, Server.Listener?.LocalEndPoint.ToString() ?? "off", Server.Tcp?.LocalEndPoint.ToString() ?? "off");
        }
        else
        {
            MediaLog.WorkerStartedWithPortRange(Loggers.Worker, Id, Options.RtcMinPort, Options.RtcMaxPort);
        }
    }

    /// <summary>The server a new transport uses: the shared one, or (per-transport ports) a new private one bound from
    /// the port range. Successive transports start their search at successive ports, so a port just freed is not
    /// reused at once (late packets of its previous peer do not reach a new transport). Worker thread.</summary>
    internal WebRtcServer AcquireServer()
    {
        if (Server is not null)
        {
            return Server;
        }

        var server = WebRtcServer.Bind(this, _listenAddress, _nextPortSkip++);
        _servers.Add(server);
        server.Start();
        return server;
    }

    /// <summary>A transport closed: a private server is closed with it (its ports are free again), in a work item of
    /// its own, so that whatever the close sent on its socket (DTLS close_notify) has left it: a socket must not be
    /// closed while a send still references it (the close would wait for that send, on this very thread).</summary>
    internal void ReleaseServer(WebRtcServer server)
    {
        if (server != Server && _servers.Remove(server) && !Post(server.Dispose))
        {
            server.Dispose();
        }
    }

    /// <summary>Runs <paramref name="body"/> on the worker thread (inline when already on it) and returns its result.</summary>
    internal Task<T> InvokeAsync<T>(Func<T> body)
    {
        if (IsCurrentThread)
        {
            try
            {
                return Task.FromResult(body());
            }
#pragma warning disable CA1031 // handed to the caller
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return Task.FromException<T>(ex);
            }
        }

        var command = new WorkerCommand<T>(body);
        if (_closed || !_queue.Writer.TryWrite(new WorkItem(command)))
        {
            command.Cancel();
        }

        return command.Task;
    }

    internal Task InvokeAsync(Action body) => InvokeAsync<bool>(() =>
    {
        body();
        return true;
    });

    /// <summary>Queues <paramref name="body"/> to run on the worker thread; false (not run) if the worker is closed.</summary>
    internal bool Post(Action body) => !_closed && _queue.Writer.TryWrite(new WorkItem(new WorkerAction(body)));

    /// <summary>Called by the receive loop: hands a datagram over, or refuses it when the queue is full (back pressure).</summary>
    internal bool TryPostDatagram(Datagram datagram)
    {
        if (Interlocked.Increment(ref _queuedDatagrams) > _queueCapacity || _closed)
        {
            Interlocked.Decrement(ref _queuedDatagrams);
            return false;
        }

        if (_queue.Writer.TryWrite(new WorkItem(datagram)))
        {
            return true;
        }

        Interlocked.Decrement(ref _queuedDatagrams);
        return false;
    }

    internal void OnRouterClosed(Router router)
    {
        if (_routers.Remove(router.Id))
        {
            Counters.Routers--;
        }
    }

    /// <summary>Raises an application event, shielding the loop from handler exceptions.</summary>
    internal void Raise(Action? handler)
    {
        if (handler is null)
        {
            return;
        }

        try
        {
            handler();
        }
#pragma warning disable CA1031 // an application handler must not take the worker down
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MediaLog.EventHandlerFailed(Loggers.Worker, Id, ex);
        }
    }

    internal void Raise<T>(Action<T>? handler, T value)
    {
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(value);
        }
#pragma warning disable CA1031 // an application handler must not take the worker down
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MediaLog.EventHandlerFailed(Loggers.Worker, Id, ex);
        }
    }

    /// <summary>Closes every router (cascade) and stops the loop.</summary>
    internal async Task CloseAsync()
    {
        if (_closed)
        {
            return;
        }

        try
        {
            await InvokeAsync(() =>
            {
                foreach (var router in _routers.Values.ToArray())
                {
                    router.CloseInternal();
                }

                foreach (var server in _servers.ToArray())
                {
                    ReleaseServer(server);
                }
            }).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // already stopping
        }

        _closed = true;
        Server?.Dispose();
        _queue.Writer.TryComplete();
        if (_thread is not null && !IsCurrentThread)
        {
            if (_thread.Join(TimeSpan.FromSeconds(5)))
            {
                _wake.Dispose();
            }
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2012:Use ValueTasks correctly", Justification = "The wait is consumed exactly once (GetResult after completion); IsCompleted and one UnsafeOnCompleted registration only observe it.")]
    private void Run()
    {
        var reader = _queue.Reader;
        var tickUs = (long)TickInterval.TotalMicroseconds;
        var nextTick = NowUs + tickUs;
        ValueTask<bool> pending = default;
        var hasPending = false;
        var registered = false;
        while (true)
        {
            var handled = 0;
            while (handled < 256 && reader.TryRead(out var item))
            {
                Handle(item);
                handled++;
            }

            var now = NowUs;
            if (now >= nextTick)
            {
                Tick(now);
                nextTick = now + tickUs;
            }

            if (handled == 256)
            {
                continue;
            }

            // Idle: block until the queue has data or the next tick is due. The channel's single-reader waiter is
            // reused, so waiting allocates nothing.
            if (!hasPending)
            {
                pending = reader.WaitToReadAsync();
                hasPending = true;
                registered = false;
            }

            if (!pending.IsCompleted && !registered)
            {
                _wake.Reset();
                pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_wakeAction);
                registered = true;
            }

            if (!pending.IsCompleted)
            {
                var waitMs = (int)Math.Clamp((nextTick - NowUs + 999) / 1000, 1, 1000);
                _wake.Wait(waitMs);
            }

            if (pending.IsCompleted)
            {
                hasPending = false;
                var more = pending.GetAwaiter().GetResult();
                if (!more)
                {
                    break;
                }
            }
        }

        while (reader.TryRead(out var rest))
        {
            rest.Command?.Cancel();
        }

        SendBatch.Dispose();
    }

    private void Handle(in WorkItem item)
    {
        try
        {
            if (item.Datagram is { } datagram)
            {
                Interlocked.Decrement(ref _queuedDatagrams);
                var source = datagram.Source!;
                try
                {
                    source.Server.OnDatagram(datagram);
                }
                finally
                {
                    source.Pool.Return(datagram);
                }
            }
            else
            {
                item.Command!.Execute();
            }
        }
#pragma warning disable CA1031 // one bad item must not stop the loop; the bug is logged
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MediaLog.WorkItemFailed(Loggers.Worker, Id, ex);
        }

        SendBatch.Flush();
    }

    private void Tick(long nowUs)
    {
        try
        {
            // Snapshot: a transport closing in its tick releases its private server.
            _serverTickSnapshot.Clear();
            _serverTickSnapshot.AddRange(_servers);
            foreach (var server in _serverTickSnapshot)
            {
                server.OnTick(nowUs);
            }

            foreach (var router in _routers.Values)
            {
                router.OnTick(nowUs);
            }
        }
#pragma warning disable CA1031 // the loop must survive a bug in a timer
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MediaLog.WorkItemFailed(Loggers.Worker, Id, ex);
        }

        SendBatch.Flush();
    }

    [Conditional("DEBUG")]
    internal void AssertThread() => Debug.Assert(_thread is null || IsCurrentThread, "engine object touched off its worker thread");
}
