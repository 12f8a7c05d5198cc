using System.Net;
using VibezLive.SocketIO;
using VibezLive.SocketIO.ConformanceHost;

// dotnet VibezLive.SocketIO.ConformanceHost.dll --port N   (listens on 127.0.0.1:N; GET /healthz answers when ready)
// The contract's timings (ping 300/200 ms, connect 1000 ms) can be relaxed for load runs:
//   --ping-interval MS --ping-timeout MS --connect-timeout MS
int port = 3000;
int pingInterval = 300, pingTimeout = 200, connectTimeout = 1000;
for (int i = 0; i < args.Length - 1; i++)
{
    if (!int.TryParse(args[i + 1], out int value)) continue;
    switch (args[i])
    {
        case "--port": port = value; break;
        case "--ping-interval": pingInterval = value; break;
        case "--ping-timeout": pingTimeout = value; break;
        case "--connect-timeout": connectTimeout = value; break;
    }
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSocketIO(o =>
{
    o.PingInterval = TimeSpan.FromMilliseconds(pingInterval);
    o.PingTimeout = TimeSpan.FromMilliseconds(pingTimeout);
    o.MaxHttpBufferSize = 1_000_000;
    o.ConnectTimeout = TimeSpan.FromMilliseconds(connectTimeout);
    o.CorsOrigins.Add("*");
});

var app = builder.Build();
var io = app.Services.GetRequiredService<SocketIOServer>();
ConformanceHandlers.Install(io.Of("/"));
ConformanceHandlers.Install(io.Of("/custom"));
app.MapGet("/healthz", () => Results.Text("ok"));
app.MapGet("/stats", () => Results.Json(new Dictionary<string, long>
{
    ["clients"] = io.ClientCount,
    ["managedBytes"] = GC.GetTotalMemory(forceFullCollection: true),
    ["workingSet"] = Environment.WorkingSet,
}));
app.MapSocketIO("/socket.io/");
app.Run();
