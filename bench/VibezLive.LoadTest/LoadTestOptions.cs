using System.Globalization;
using System.Net;

namespace VibezLive.LoadTest;

/// <summary>Command line settings; every run is bounded in time (<see cref="Duration"/>) and size (<see cref="MaxPeers"/>).</summary>
internal sealed class LoadTestOptions
{
    public const string Usage = """
        VibezLive.LoadTest — drives a PROTOCOL.md backend (Socket.IO + mediasoup-shaped WebRTC) over loopback.

        usage: VibezLive.LoadTest <meeting|webinar|churn|calibrate> [options]

          calibrate: the webinar shape against an in-process ICE/DTLS/SRTP reflector (no server): checks the
          generator end to end and shows its own packet-rate ceiling.

          --url URL               server base URL, loopback only (default http://127.0.0.1:3000)
          --duration S            wall-clock bound of the whole run in seconds (default 30)
          --max-peers N           bound on concurrent peers (default 1000)
          --rooms R               meeting: rooms (default 2); churn: rooms to spread peers over (default 4)
          --peers-per-room P      meeting: peers per room, all publish audio+video (default 5)
          --subscribers N         webinar, calibrate: subscribers of the single publisher (default 10)
          --ramp-step K           webinar: grow by K subscribers per step until loss >= 1% or p99 >= 50 ms (default 0 = no ramp)
          --ramp-start N          webinar ramp: first step's subscribers (default = --ramp-step)
          --step-seconds S        webinar ramp: measured seconds per step (default 5)
          --settle-seconds S      webinar ramp: wait after a step's joins before measuring (default 2)
          --cycles C              churn: measured join/leave cycles (default 200)
          --warmup-cycles W       churn: cycles before the memory baseline is taken (default C/10); the
                                  report compares the end with this baseline and with the cold server
          --concurrency C         churn: peers in flight at once (default 20)
          --abrupt-percent P      churn: P% of the peers do not leave: their WebSocket is aborted (no leaveRoom,
                                  no disconnect packet), as when a tab crashes (default 0)
          --hold-ms MS            churn: time a peer stays in its room (default 1500)
          --join-rate N           joins started per second (default 50)
          --video-kbps K          VP8 bitrate per publisher (default 500)
          --fps F                 VP8 frame rate (default 30)
          --keyframe-interval S   periodic key frames (default 3; 0 = only on PLI/FIR)
          --no-audio / --no-video publish only one kind
          --server-pid PID        read the server's CPU time and RSS from /proc/PID
          --no-server-gc          churn: do not induce a full GC in the server (.NET, via its diagnostics
                                  socket) before each memory sample
          --metrics-path PATH     Prometheus endpoint to check after churn (default /metrics; "" = skip)
          --room-prefix TEXT      room id prefix (default lt-<random>)
          --uplink-drop-percent P publishers skip P% of their packets (audio and video) as if lost on the way to
                                  the SFU: video must come back through the SFU's NACK and the publisher's RTX
          --drop-percent P        calibrate: the reflector drops P% of what it forwards (checks the loss measurement)
          --json FILE             write the machine-readable report there
          --quiet                 no live progress lines
        """;

    public string Scenario { get; private set; } = "";

    public Uri Server { get; private set; } = new("http://127.0.0.1:3000");

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(30);

    public int MaxPeers { get; private set; } = 1000;

    public int Rooms { get; private set; } = -1;

    public int PeersPerRoom { get; private set; } = 5;

    public int Subscribers { get; private set; } = 10;

    public int RampStep { get; private set; }

    public int RampStart { get; private set; }

    public TimeSpan StepDuration { get; private set; } = TimeSpan.FromSeconds(5);

    public TimeSpan Settle { get; private set; } = TimeSpan.FromSeconds(2);

    public int Cycles { get; private set; } = 200;

    public int Concurrency { get; private set; } = 20;

    /// <summary>Churn: the share of peers that drop their connection instead of leaving.</summary>
    public int AbruptPercent { get; private set; }

    /// <summary>Churn: induce a full GC in the server before each memory sample.</summary>
    public bool ServerGc { get; private set; } = true;

    /// <summary>Churn cycles before the memory baseline; -1 = a tenth of <see cref="Cycles"/>.</summary>
    public int WarmupCycles { get; private set; } = -1;

    public TimeSpan Hold { get; private set; } = TimeSpan.FromMilliseconds(1500);

    public double JoinRate { get; private set; } = 50;

    public int VideoBitrate { get; private set; } = 500_000;

    public int FramesPerSecond { get; private set; } = 30;

    public TimeSpan KeyFrameInterval { get; private set; } = TimeSpan.FromSeconds(3);

    public bool Audio { get; private set; } = true;

    public bool Video { get; private set; } = true;

    public int? ServerPid { get; private set; }

    public string MetricsPath { get; private set; } = "/metrics";

    public string RoomPrefix { get; private set; } = "lt-" + Guid.NewGuid().ToString("N")[..6];

    public double DropPercent { get; private set; }

    public double UplinkDropPercent { get; private set; }

    public string? JsonPath { get; private set; }

    public bool Quiet { get; private set; }

    /// <summary>Parses the arguments; returns null and sets <paramref name="error"/> when they are invalid.</summary>
    public static LoadTestOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var o = new LoadTestOptions();
        error = null;
        try
        {
            for (int i = 0; i < args.Count; i++)
            {
                string a = args[i];
                string Next() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{a} needs a value");
                int NextInt(int min, int max)
                {
                    int v = int.Parse(Next(), CultureInfo.InvariantCulture);
                    return v < min || v > max ? throw new FormatException($"{a} must be in [{min}, {max}]") : v;
                }

                double NextDouble(double min, double max)
                {
                    double v = double.Parse(Next(), CultureInfo.InvariantCulture);
                    return v < min || v > max ? throw new FormatException($"{a} must be in [{min}, {max}]") : v;
                }

                switch (a)
                {
                    case "meeting" or "webinar" or "churn" or "calibrate": o.Scenario = a; break;
                    case "--scenario": o.Scenario = Next(); break;
                    case "--url": o.Server = new Uri(Next()); break;
                    case "--duration": o.Duration = TimeSpan.FromSeconds(NextDouble(1, 3600)); break;
                    case "--max-peers": o.MaxPeers = NextInt(1, 5000); break;
                    case "--rooms": o.Rooms = NextInt(1, 1000); break;
                    case "--peers-per-room": o.PeersPerRoom = NextInt(2, 100); break;
                    case "--subscribers": o.Subscribers = NextInt(1, 5000); break;
                    case "--ramp-step": o.RampStep = NextInt(0, 5000); break;
                    case "--ramp-start": o.RampStart = NextInt(1, 5000); break;
                    case "--settle-seconds": o.Settle = TimeSpan.FromSeconds(NextDouble(0, 600)); break;
                    case "--step-seconds": o.StepDuration = TimeSpan.FromSeconds(NextDouble(1, 600)); break;
                    case "--cycles": o.Cycles = NextInt(1, 1_000_000); break;
                    case "--warmup-cycles": o.WarmupCycles = NextInt(0, 1_000_000); break;
                    case "--concurrency": o.Concurrency = NextInt(1, 1000); break;
                    case "--abrupt-percent": o.AbruptPercent = NextInt(0, 100); break;
                    case "--hold-ms": o.Hold = TimeSpan.FromMilliseconds(NextInt(0, 600_000)); break;
                    case "--join-rate": o.JoinRate = NextDouble(0.1, 10_000); break;
                    case "--video-kbps": o.VideoBitrate = NextInt(16, 50_000) * 1000; break;
                    case "--fps": o.FramesPerSecond = NextInt(1, 120); break;
                    case "--keyframe-interval": o.KeyFrameInterval = TimeSpan.FromSeconds(NextDouble(0, 600)); break;
                    case "--no-audio": o.Audio = false; break;
                    case "--no-video": o.Video = false; break;
                    case "--server-pid": o.ServerPid = NextInt(1, int.MaxValue); break;
                    case "--no-server-gc": o.ServerGc = false; break;
                    case "--metrics-path": o.MetricsPath = Next(); break;
                    case "--room-prefix": o.RoomPrefix = Next(); break;
                    case "--drop-percent": o.DropPercent = NextDouble(0, 100); break;
                    case "--uplink-drop-percent": o.UplinkDropPercent = NextDouble(0, 50); break;
                    case "--json": o.JsonPath = Next(); break;
                    case "--quiet": o.Quiet = true; break;
                    default: throw new FormatException($"unknown argument '{a}'");
                }
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or UriFormatException)
        {
            error = ex.Message;
            return null;
        }

        if (o.Scenario is not ("meeting" or "webinar" or "churn" or "calibrate"))
        {
            error = "choose a scenario: meeting, webinar, churn or calibrate";
            return null;
        }

        if (!o.Audio && !o.Video)
        {
            error = "--no-audio and --no-video together leave nothing to send";
            return null;
        }

        if (!IsLoopback(o.Server))
        {
            error = $"refusing {o.Server}: this tool only talks to loopback (127.0.0.0/8, ::1, localhost)";
            return null;
        }

        if (o.Rooms < 0)
        {
            o.Rooms = o.Scenario == "churn" ? 4 : 2;
        }

        return o;
    }

    public static bool IsLoopback(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Scheme is not ("http" or "https" or "ws" or "wss"))
        {
            return false;
        }

        // Uri.IsLoopback is true only for "localhost" and literal loopback addresses: no DNS lookup is trusted.
        return uri.IsLoopback
            && (uri.HostNameType == UriHostNameType.Dns || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip)));
    }

    /// <summary>The settings as text, for the report.</summary>
    public Dictionary<string, string> Describe() => new()
    {
        ["scenario"] = Scenario,
        ["url"] = Server.ToString(),
        ["durationSeconds"] = Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        ["maxPeers"] = MaxPeers.ToString(CultureInfo.InvariantCulture),
        ["rooms"] = Rooms.ToString(CultureInfo.InvariantCulture),
        ["peersPerRoom"] = PeersPerRoom.ToString(CultureInfo.InvariantCulture),
        ["subscribers"] = Subscribers.ToString(CultureInfo.InvariantCulture),
        ["rampStep"] = RampStep.ToString(CultureInfo.InvariantCulture),
        ["rampStart"] = RampStart.ToString(CultureInfo.InvariantCulture),
        ["settleSeconds"] = Settle.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        ["stepSeconds"] = StepDuration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        ["cycles"] = Cycles.ToString(CultureInfo.InvariantCulture),
        ["warmupCycles"] = WarmupCycles.ToString(CultureInfo.InvariantCulture),
        ["serverGc"] = ServerGc ? "induced before memory samples" : "off",
        ["concurrency"] = Concurrency.ToString(CultureInfo.InvariantCulture),
        ["abruptPercent"] = AbruptPercent.ToString(CultureInfo.InvariantCulture),
        ["holdMs"] = Hold.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
        ["joinRate"] = JoinRate.ToString(CultureInfo.InvariantCulture),
        ["videoBitrate"] = VideoBitrate.ToString(CultureInfo.InvariantCulture),
        ["fps"] = FramesPerSecond.ToString(CultureInfo.InvariantCulture),
        ["keyFrameIntervalSeconds"] = KeyFrameInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        ["dropPercent"] = DropPercent.ToString(CultureInfo.InvariantCulture),
        ["uplinkDropPercent"] = UplinkDropPercent.ToString(CultureInfo.InvariantCulture),
        ["audio"] = Audio ? "true" : "false",
        ["video"] = Video ? "true" : "false",
    };
}
