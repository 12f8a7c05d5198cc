using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using VibezLive.Media.Negotiation;
using VibezLive.Media.Parameters;
using VibezLive.Media.Stats;
using VibezLive.Media;

// Signaling shim for the engine's browser tests: JSON POST endpoints mirroring mediasoup's request/response pairs,
// plus a static directory (--www) with the page and the bundled mediasoup-client.
var port = Arg("--port") ?? "3900";
var www = Arg("--www");
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
builder.Logging.SetMinimumLevel(Enum.Parse<LogLevel>(Arg("--log-level") ?? "Warning"));
var mediaOptions = new MediaOptions
{
    ListenIp = "127.0.0.1",
    RtcMinPort = 0,
    RtcMaxPort = 0,
    NumWorkers = 1,
    IceConsentTimeout = TimeSpan.FromSeconds(double.Parse(Arg("--consent-timeout") ?? "30", CultureInfo.InvariantCulture)),
    EnableUdp = bool.Parse(Arg("--enable-udp") ?? "true"),
    EnableTcp = bool.Parse(Arg("--enable-tcp") ?? "true"),
    UseWebRtcServer = bool.Parse(Arg("--use-webrtc-server") ?? "true"),
};
builder.Services.AddSingleton(Options.Create(mediaOptions));
builder.Services.AddSingleton<MediaWorkerPool>();
var app = builder.Build();
var pool = app.Services.GetRequiredService<MediaWorkerPool>();
await pool.StartAsync(CancellationToken.None);
var loss = Arg("--receive-loss");
if (loss is not null)
{
    WebRtcTransport.ReceiveLossForTests = double.Parse(loss, CultureInfo.InvariantCulture);
}

var json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
{
    TypeInfoResolver = JsonTypeInfoResolver.Combine(MediaJsonContext.Default, MediaStatsJsonContext.Default, new DefaultJsonTypeInfoResolver()),
};
var router = await pool.Workers[0].CreateRouterAsync(MediaCodecDefaults.Default);
var transports = new ConcurrentDictionary<string, WebRtcTransport>();
var producers = new ConcurrentDictionary<string, Producer>();
var consumers = new ConcurrentDictionary<string, Consumer>();
var events = new ConcurrentQueue<string>();

if (www is not null)
{
    app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = new PhysicalFileProvider(www) });
    app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(www), ServeUnknownFileTypes = true });
}

app.MapGet("/healthz", () => "ok");
app.MapPost("/api/routerCapabilities", () => Results.Json(router.RtpCapabilities, json));
app.MapPost("/api/createTransport", async () =>
{
    var t = await router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
    transports[t.Id] = t;
    t.Closed += () => { transports.TryRemove(t.Id, out _); events.Enqueue($"transportclose:{t.Id}"); };
    t.IceStateChanged += s => events.Enqueue($"icestate:{t.Id}:{s}");
    return Results.Json(new { id = t.Id, iceParameters = t.IceParameters, iceCandidates = t.IceCandidates, dtlsParameters = t.DtlsParameters }, json);
});
app.MapPost("/api/connect", async (HttpRequest request) =>
{
    var body = await Body(request);
    var dtls = body["dtlsParameters"].Deserialize<DtlsParameters>(json)!;
    await transports[(string)body["transportId"]!].ConnectAsync(dtls);
    return Results.Json(new { }, json);
});
app.MapPost("/api/produce", async (HttpRequest request) =>
{
    var body = await Body(request);
    var kind = body["kind"]!.GetValue<string>() == "audio" ? MediaKind.Audio : MediaKind.Video;
    var rtp = body["rtpParameters"].Deserialize<RtpParameters>(json)!;
    var producer = await transports[(string)body["transportId"]!].ProduceAsync(kind, rtp);
    producers[producer.Id] = producer;
    producer.Closed += () => producers.TryRemove(producer.Id, out _);
    return Results.Json(new { id = producer.Id }, json);
});
app.MapPost("/api/consume", async (HttpRequest request) =>
{
    var body = await Body(request);
    var caps = body["rtpCapabilities"].Deserialize<RtpCapabilities>(json)!;
    var consumer = await transports[(string)body["transportId"]!].ConsumeAsync((string)body["producerId"]!, caps, paused: true);
    consumers[consumer.Id] = consumer;
    consumer.Closed += () => consumers.TryRemove(consumer.Id, out _);
    return Results.Json(new { id = consumer.Id, producerId = consumer.ProducerId, kind = consumer.Kind, rtpParameters = consumer.RtpParameters, type = consumer.Type }, json);
});
app.MapPost("/api/resume", async (HttpRequest request) =>
{
    var body = await Body(request);
    await consumers[(string)body["consumerId"]!].ResumeAsync();
    return Results.Json(new { }, json);
});
app.MapPost("/api/setPreferredLayers", async (HttpRequest request) =>
{
    var body = await Body(request);
    var consumer = consumers[(string)body["consumerId"]!];
    await consumer.SetPreferredLayersAsync((int)body["spatialLayer"]!, (int?)body["temporalLayer"]);
    return Results.Json(new { preferredSpatialLayer = consumer.PreferredSpatialLayer, currentSpatialLayer = consumer.CurrentSpatialLayer }, json);
});
app.MapPost("/api/layers", async (HttpRequest request) =>
{
    var body = await Body(request);
    var consumer = consumers[(string)body["consumerId"]!];
    return Results.Json(new { preferredSpatialLayer = consumer.PreferredSpatialLayer, currentSpatialLayer = consumer.CurrentSpatialLayer }, json);
});
app.MapPost("/api/stats", async (HttpRequest request) =>
{
    var body = await Body(request);
    var id = (string)body["id"]!;
    IReadOnlyList<object> stats = producers.TryGetValue(id, out var p) ? await p.GetStatsAsync()
        : consumers.TryGetValue(id, out var c) ? await c.GetStatsAsync()
        : transports.TryGetValue(id, out var t) ? await t.GetStatsAsync() : [];
    return Results.Json(stats.Select(s => (object)JsonSerializer.SerializeToNode(s, s.GetType(), json)!).ToList(), json);
});
app.MapGet("/api/counts", () =>
{
    var w = pool.Workers[0];
    return Results.Json(new { routers = w.RouterCount, transports = w.TransportCount, producers = w.ProducerCount, consumers = w.ConsumerCount, events = events.ToArray() }, json);
});

await app.RunAsync();
await pool.DisposeAsync();

static async Task<JsonNode> Body(HttpRequest request) =>
    (await JsonNode.ParseAsync(request.Body)) ?? throw new BadHttpRequestException("empty body");

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

