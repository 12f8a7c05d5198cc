using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VibezLive.SocketIO.Tests.Server;

/// <summary>The Socket.IO endpoint in-process on Kestrel, 127.0.0.1 with an OS-chosen port.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        Io = app.Services.GetRequiredService<SocketIOServer>();
        Client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseUri { get; }

    public SocketIOServer Io { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestServer> StartAsync(Action<SocketIOOptions>? configure = null, Action<SocketIOServer>? setup = null, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        if (time is not null) builder.Services.AddSingleton(time);
        builder.Services.AddSocketIO(configure);
        var app = builder.Build();
        app.MapSocketIO();
        setup?.Invoke(app.Services.GetRequiredService<SocketIOServer>());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestServer(app, new Uri(address));
    }

    public async Task<RawWebSocket> OpenWebSocketAsync(string query = "EIO=4&transport=websocket")
    {
        var ws = new ClientWebSocket();
        var uri = new UriBuilder(BaseUri) { Scheme = "ws", Path = "/socket.io/", Query = query }.Uri;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await ws.ConnectAsync(uri, cts.Token);
        return new RawWebSocket(ws);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// A WebSocket speaking raw Engine.IO text. A background loop receives (cancelling a WebSocket receive would abort
/// the socket), so waiting for a message with a timeout leaves the connection intact.
/// </summary>
internal sealed class RawWebSocket : IDisposable
{
    private readonly ClientWebSocket _ws;
    private readonly Channel<string?> _messages = Channel.CreateUnbounded<string?>();

    public RawWebSocket(ClientWebSocket ws)
    {
        _ws = ws;
        _ = Task.Run(PumpAsync);
    }

    public ClientWebSocket Socket => _ws;

    public Task SendAsync(string text) => _ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendBinaryAsync(byte[] data) => _ws.SendAsync(data, WebSocketMessageType.Binary, true, CancellationToken.None);

    /// <summary>Next message (text as string, binary as "bin:" + base64); null when the server closed or on timeout.</summary>
    public async Task<string?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        try
        {
            return await _messages.Reader.ReadAsync(cts.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Next message that is not an Engine.IO ping (which is answered).</summary>
    public async Task<string?> ReceiveNonPingAsync()
    {
        while (true)
        {
            var m = await ReceiveAsync();
            if (m != "2") return m;
            await SendAsync("3");
        }
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[2 * 1024 * 1024];
        try
        {
            while (true)
            {
                int count = 0;
                while (true)
                {
                    var result = await _ws.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        _messages.Writer.TryComplete();
                        return;
                    }
                    count += result.Count;
                    if (result.EndOfMessage)
                    {
                        _messages.Writer.TryWrite(result.MessageType == WebSocketMessageType.Text
                            ? Encoding.UTF8.GetString(buffer, 0, count)
                            : "bin:" + Convert.ToBase64String(buffer, 0, count));
                        break;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            _messages.Writer.TryComplete();
        }
    }

    /// <summary>Client-initiated close handshake: sends the close frame; the receive loop sees the server's answer.</summary>
    public async Task CloseAsync()
    {
        await _ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (await _messages.Reader.WaitToReadAsync(cts.Token)) _messages.Reader.TryRead(out _);
    }

    public void Dispose() => _ws.Dispose();
}
