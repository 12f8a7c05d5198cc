using System.Net;
using VibezLive.SocketIO;
using VibezLive.SocketIO.ConformanceHost;

// dotnet VibezLive.SocketIO.ConformanceHost.dll --port N   (listens on 127.0.0.1:N; GET /healthz answers when ready)
int port = 3000;
for (int i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--port" && int.TryParse(args[i + 1], out int p)) port = p;
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSocketIO(o =>
{
    o.PingInterval = TimeSpan.FromMilliseconds(300);
    o.PingTimeout = TimeSpan.FromMilliseconds(200);
    o.MaxHttpBufferSize = 1_000_000;
    o.ConnectTimeout = TimeSpan.FromMilliseconds(1000);
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
