using System.Diagnostics;
using VibezLive.LoadTest.Media;
using VibezLive.LoadTest.Reporting;
using VibezLive.LoadTest.Scenarios;
using VibezLive.LoadTest.Signaling;
using VibezLive.Media.Dtls;

namespace VibezLive.LoadTest.Calibration;

/// <summary>
/// The <c>calibrate</c> scenario: the webinar shape (1 publisher → N subscribers) against an in-process reflector
/// instead of a server, over the same ICE/DTLS/SRTP client code and the same measurements. It checks the
/// generator end to end without any backend and shows how many packets per second the generator itself can
/// handle, the ceiling below which server numbers are meaningful.
/// </summary>
internal static class LoopbackReflector
{
    public static async Task<ScenarioOutcome> RunAsync(LoadContext ctx, ProgressReporter reporter, CancellationToken ct)
    {
        LoadTestOptions o = ctx.Options;
        using var serverCertificate = DtlsCertificate.Generate();
        var servers = new List<ReflectorTransport>();
        var clients = new List<ClientTransport>();
        var subscribers = Array.Empty<ReflectorTransport>();
        Metrics.Snapshot? steadyStart = null;
        try
        {
            reporter.Phase = "publisher";
            var publisherServer = new ReflectorTransport(serverCertificate);
            servers.Add(publisherServer);
            publisherServer.OnRtp = packet =>
            {
                foreach (var s in Volatile.Read(ref subscribers))
                {
                    s.Forward(packet);
                }
            };

            var publisherSink = new PublisherSink();
            var publisher = new ClientTransport(publisherServer.Info, publisherSink, 1 << 18);
            clients.Add(publisher);
            ctx.Scheduler.Add((ITicker)publisher);
            await publisher.ConnectAsync(ctx.Certificate, (fp, _) => Start(publisherServer, fp), ct);
            uint audioSsrc = (uint)Random.Shared.Next(0x1000, int.MaxValue - 2);
            uint videoSsrc = audioSsrc + 2;
            if (o.Audio)
            {
                ctx.Scheduler.Add(OutboundStream.Audio(publisher, audioSsrc, o.UplinkDropPercent));
            }

            if (o.Video)
            {
                var video = OutboundStream.Video(publisher, videoSsrc, videoSsrc + 1, o.VideoBitrate, o.FramesPerSecond, o.KeyFrameInterval, o.UplinkDropPercent);
                publisherSink.SetVideo(video);
                ctx.Scheduler.Add(video);
            }

            reporter.Phase = "join";
            int n = Math.Min(o.Subscribers, o.MaxPeers - 1);
            for (int i = 0; i < n && !ct.IsCancellationRequested; i++)
            {
                await ctx.Pacer.WaitAsync(ct);
                long started = Stopwatch.GetTimestamp();
                var server = new ReflectorTransport(serverCertificate) { DropPerMille = (int)Math.Round(o.DropPercent * 10) };
                servers.Add(server);
                var sink = new ReceiverSink(ctx.Stats.Delay, arrival => ctx.Stats.RecordFirstPacket(Stopwatch.GetElapsedTime(started, arrival)));
                var client = new ClientTransport(server.Info, sink, 1 << 20);
                clients.Add(client);
                sink.Attach(client);
                ctx.Scheduler.Add((ITicker)client);
                ctx.Scheduler.Add((ITicker)sink);
                ctx.Stats.AddReceiver(sink);
                await client.ConnectAsync(ctx.Certificate, (fp, _) => Start(server, fp), ct);
                if (o.Audio)
                {
                    sink.Add(new InboundStream(new ConsumerInfo("a" + i, "audio", "audio", audioSsrc, null, 48000)));
                }

                if (o.Video)
                {
                    sink.Add(new InboundStream(new ConsumerInfo("v" + i, "video", "video", videoSsrc, null, 90000)));
                }

                Volatile.Write(ref subscribers, [.. subscribers, server]);
                ctx.Stats.RecordJoin(Stopwatch.GetElapsedTime(started));
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            steadyStart = reporter.Take();
            reporter.Phase = "steady";
            await ScenarioHelpers.WaitUntilEndAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // --duration reached.
        }
        catch (Exception ex) when (ex is DtlsHandshakeException or TimeoutException or IOException)
        {
            ctx.Stats.RecordError("calibrate: " + ex.Message);
        }
        finally
        {
            foreach (var s in ctx.Scheduler.Streams.ToArray())
            {
                ctx.Scheduler.Remove(s);
            }

            foreach (var c in clients)
            {
                ctx.Scheduler.Remove(c);
                await c.DisposeAsync();
            }

            foreach (var s in servers)
            {
                await s.DisposeAsync();
            }
        }

        return new ScenarioOutcome { SteadyStart = steadyStart };
    }

    private static Task Start(ReflectorTransport server, DtlsFingerprint clientFingerprint)
    {
        server.Start(clientFingerprint);
        return Task.CompletedTask;
    }
}
