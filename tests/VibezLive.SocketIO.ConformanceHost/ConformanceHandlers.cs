using System.Text.Json;
using VibezLive.SocketIO;

namespace VibezLive.SocketIO.ConformanceHost;

/// <summary>The handlers of the conformance contract, installed on a namespace.</summary>
public static class ConformanceHandlers
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Installs the contract's handlers on <paramref name="ns"/>.</summary>
    public static void Install(SioNamespace ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ns.OnConnection(async socket =>
        {
            socket.On("message", e => socket.EmitAsync("message-back", e.GetValues()));
            socket.On("message-with-ack", e => e.AckAsync(e.GetValues()));
            socket.On("whoami", e => e.AckAsync(new Dictionary<string, object?> { ["nsp"] = ns.Name, ["id"] = socket.Id }));
            socket.On("ask", async e =>
            {
                var values = e.GetValues();
                if (values.Length == 0 || values[0] is not JsonElement { ValueKind: JsonValueKind.String } name)
                {
                    await e.AckAsync(new Dictionary<string, object?> { ["error"] = "event name expected" });
                    return;
                }
                try
                {
                    var answer = await socket.EmitWithAckResponseAsync(name.GetString()!, AskTimeout, values[1..]);
                    await e.AckAsync(answer.GetValues());
                }
                catch (TimeoutException)
                {
                    await e.AckAsync(new Dictionary<string, object?> { ["error"] = "timeout" });
                }
            });
            socket.On("join", e =>
            {
                if (RoomOf(e) is { } room) socket.Join(room);
                return e.AckAsync();
            });
            socket.On("leave", e =>
            {
                if (RoomOf(e) is { } room) socket.Leave(room);
                return e.AckAsync();
            });
            socket.On("broadcast", async e =>
            {
                if (RoomOf(e) is { } room) await ns.To(room).EmitAsync("broadcast", e.GetValues()[1..]);
                await e.AckAsync();
            });
            socket.On("room-size", e => e.AckAsync(RoomOf(e) is { } room ? ns.GetRoomSize(room) : 0));
            socket.On("disconnect-me", _ => socket.DisconnectAsync());
            socket.On("drop-connection", _ =>
            {
                socket.AbortConnection();
                return ValueTask.CompletedTask;
            });

            // Right after the CONNECT reply: the handshake's auth (or {}).
            await socket.EmitAsync("auth", socket.Handshake.Auth is { } auth ? auth : new Dictionary<string, object?>());
        });
    }

    private static string? RoomOf(SioEvent e) =>
        e.Args.Count > 0 && e.Args[0].ValueKind == JsonValueKind.String ? e.Args[0].GetString() : null;
}
