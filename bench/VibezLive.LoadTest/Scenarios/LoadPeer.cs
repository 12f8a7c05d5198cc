using System.Diagnostics;
using System.Security.Cryptography;
using System.Threading.Channels;
using VibezLive.LoadTest.Media;
using VibezLive.LoadTest.Signaling;

namespace VibezLive.LoadTest.Scenarios;

/// <summary>
/// One simulated participant, doing what mediasoup-client does in a browser: join, optionally publish audio+video
/// on a send transport, optionally consume every producer of the room (existing and new) on a receive transport.
/// </summary>
internal sealed class LoadPeer : IAsyncDisposable
{
    private readonly LoadContext _ctx;
    private readonly string _name;
    private readonly string _roomId;
    private readonly bool _publish;
    private readonly bool _subscribe;
    private readonly Channel<ProducerAnnouncement> _announcements = Channel.CreateBounded<ProducerAnnouncement>(
        new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
    private readonly CancellationTokenSource _cts = new();
    private readonly HashSet<string> _consumed = [];
    private SignalingPeer? _signaling;
    private ClientTransport? _send;
    private ClientTransport? _recv;
    private ReceiverSink? _receiver;
    private OutboundStream? _audio;
    private OutboundStream? _video;
    private Task _consumeLoop = Task.CompletedTask;
    private long _joinStarted;
    private bool _joined;
    private int _left;

    public LoadPeer(LoadContext context, string name, string roomId, bool publish, bool subscribe)
    {
        _ctx = context;
        _name = name;
        _roomId = roomId;
        _publish = publish;
        _subscribe = subscribe;
    }

    public int Consumers => _receiver?.Streams.Count ?? 0;

    /// <summary>Connects, joins, publishes (when asked). Throws on failure (the caller records it).</summary>
    public async Task JoinAsync(CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _cts.Token);
        _joinStarted = Stopwatch.GetTimestamp();
        _signaling = await SignalingPeer.ConnectAsync(_ctx.Options.Server, _name, linked.Token);
        if (_subscribe)
        {
            _signaling.ProducerAnnounced += a => _announcements.Writer.TryWrite(a);
        }

        IReadOnlyList<ProducerAnnouncement> existing = await _signaling.JoinRoomAsync(_roomId, _name, linked.Token);
        _joined = true;
        _ctx.Stats.RecordJoin(Stopwatch.GetElapsedTime(_joinStarted));
        if (_subscribe)
        {
            foreach (var a in existing)
            {
                _announcements.Writer.TryWrite(a);
            }

            _consumeLoop = Task.Run(ConsumeLoopAsync, CancellationToken.None);
        }

        if (_publish)
        {
            await PublishAsync(linked.Token);
        }
    }

    private async Task PublishAsync(CancellationToken ct)
    {
        SignalingPeer signaling = _signaling!;
        TransportInfo info = await signaling.CreateWebRtcTransportAsync(sender: true, ct);
        var sink = new PublisherSink();
        _send = new ClientTransport(info, sink, 1 << 18);
        _ctx.Scheduler.Add((ITicker)_send);
        await _send.ConnectAsync(_ctx.Certificate, (fp, c) => signaling.ConnectTransportAsync(info.Id, true, fp, c), ct);

        string cname = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        string streamId = Guid.NewGuid().ToString("D");
        if (_ctx.Options.Audio)
        {
            uint ssrc = RandomSsrc();
            await signaling.ProduceAsync("audio", ChromeRtpParameters.Audio(ssrc, cname, streamId), ct);
            _audio = OutboundStream.Audio(_send, ssrc, _ctx.Options.UplinkDropPercent);
            _ctx.Scheduler.Add(_audio);
        }

        if (_ctx.Options.Video)
        {
            uint ssrc = RandomSsrc();
            await signaling.ProduceAsync("video", ChromeRtpParameters.Video(ssrc, ssrc + 1, cname, streamId), ct);
            _video = OutboundStream.Video(
                _send, ssrc, ssrc + 1, _ctx.Options.VideoBitrate, _ctx.Options.FramesPerSecond, _ctx.Options.KeyFrameInterval, _ctx.Options.UplinkDropPercent);
            sink.SetVideo(_video);
            _ctx.Scheduler.Add(_video);
        }
    }

    private static uint RandomSsrc() => (uint)Random.Shared.Next(0x1000, int.MaxValue - 2);

    private async Task ConsumeLoopAsync()
    {
        CancellationToken ct = _cts.Token;
        try
        {
            await foreach (var announcement in _announcements.Reader.ReadAllAsync(ct))
            {
                if (!_consumed.Add(announcement.ProducerId) || _consumed.Count > 1000)
                {
                    continue;
                }

                try
                {
                    await EnsureReceiveTransportAsync(ct);
                    ConsumerInfo consumer = await _signaling!.ConsumeAsync(announcement.ProducerId, ct);
                    _receiver!.Add(new InboundStream(consumer));
                    await _signaling.ResumeConsumerAsync(consumer.Id, ct);
                }
                catch (OperationCanceledException)
                {
                    throw;
                }
                catch (Exception ex) when (ex is SignalingException or TimeoutException or IOException or InvalidOperationException
                    or KeyNotFoundException or System.Text.Json.JsonException or VibezLive.Media.Dtls.DtlsHandshakeException
                    or System.Net.Sockets.SocketException or FormatException)
                {
                    _ctx.Stats.RecordError(ex is SignalingException ? ex.Message : "consume: " + ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Leaving.
        }
    }

    private async Task EnsureReceiveTransportAsync(CancellationToken ct)
    {
        if (_recv is not null)
        {
            return;
        }

        SignalingPeer signaling = _signaling!;
        TransportInfo info = await signaling.CreateWebRtcTransportAsync(sender: false, ct);
        var receiver = new ReceiverSink(_ctx.Stats.Delay, OnFirstPacket);
        var transport = new ClientTransport(info, receiver, 1 << 20);
        receiver.Attach(transport);
        _receiver = receiver;
        _recv = transport;
        _ctx.Scheduler.Add((ITicker)transport);
        _ctx.Scheduler.Add((ITicker)receiver);
        _ctx.Stats.AddReceiver(receiver);
        try
        {
            await transport.ConnectAsync(_ctx.Certificate, (fp, c) => signaling.ConnectTransportAsync(info.Id, false, fp, c), ct);
        }
        catch
        {
            // Forget the dead transport so that the next producer tries a fresh one (the server replaces it).
            _recv = null;
            _receiver = null;
            _ctx.Scheduler.Remove(transport);
            _ctx.Scheduler.Remove(receiver);
            _ctx.Stats.RetireReceiver(receiver);
            await transport.DisposeAsync();
            throw;
        }
    }

    private void OnFirstPacket(long arrival) =>
        _ctx.Stats.RecordFirstPacket(Stopwatch.GetElapsedTime(_joinStarted, arrival));

    /// <summary>
    /// leaveRoom, then closes the transports and the connection (bounded; never throws). <paramref name="abrupt"/>:
    /// no leaveRoom and no Socket.IO disconnect, the WebSocket is aborted, as when a tab crashes.
    /// </summary>
    public async Task LeaveAsync(bool abrupt = false)
    {
        if (Interlocked.Exchange(ref _left, 1) != 0)
        {
            return;
        }

        await _cts.CancelAsync();
        foreach (var stream in new[] { _audio, _video })
        {
            if (stream is not null)
            {
                _ctx.Scheduler.Remove(stream);
            }
        }

        if (_signaling is { } signaling && _joined && !abrupt)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await signaling.LeaveRoomAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is SignalingException or TimeoutException or IOException or OperationCanceledException)
            {
                _ctx.Stats.RecordError(ex is SignalingException ? ex.Message : "leaveRoom: " + ex.Message);
            }
        }

        await _consumeLoop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        foreach (var transport in new[] { _send, _recv })
        {
            if (transport is not null)
            {
                _ctx.Scheduler.Remove(transport);
                await transport.DisposeAsync();
            }
        }

        if (_receiver is not null)
        {
            _ctx.Scheduler.Remove(_receiver);
            _ctx.Stats.RetireReceiver(_receiver);
        }

        if (_signaling is not null)
        {
            if (abrupt)
            {
                await _signaling.AbortAsync();
            }
            else
            {
                await _signaling.DisposeAsync();
            }
        }

        if (_joined)
        {
            _ctx.Stats.RecordLeave();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await LeaveAsync();
        _cts.Dispose();
    }
}
