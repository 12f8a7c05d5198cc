using System.Buffers;
using System.Text.Json;
using VibezLive.SocketIO.EngineIO;
using VibezLive.SocketIO.Parser;

namespace VibezLive.SocketIO;

/// <summary>Builds the Engine.IO message frames (<c>4</c> + Socket.IO packet, then attachments) sent to clients.</summary>
internal static class SioEncoder
{
    /// <summary>EVENT (or ACK when <paramref name="eventName"/> is null); binary arguments make it BINARY_*.</summary>
    public static EngineFrame Encode(string nsp, string? eventName, int ackId, ReadOnlySpan<object?> args, JsonSerializerOptions options)
    {
        var json = new ArrayBufferWriter<byte>(128);
        var attachments = new List<byte[]>();
        SioPacketWriter.WriteArguments(json, eventName, args, options, attachments);
        var type = (eventName is not null, attachments.Count > 0) switch
        {
            (true, false) => SioPacketType.Event,
            (true, true) => SioPacketType.BinaryEvent,
            (false, false) => SioPacketType.Ack,
            (false, true) => SioPacketType.BinaryAck,
        };
        return Build(type, attachments.Count, nsp, ackId, json.WrittenSpan, attachments);
    }

    public static EngineFrame Connect(string nsp, string socketId)
    {
        var json = new ArrayBufferWriter<byte>(40);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("sid"u8, socketId);
            writer.WriteEndObject();
        }
        return Build(SioPacketType.Connect, 0, nsp, -1, json.WrittenSpan, null);
    }

    public static EngineFrame ConnectError(string nsp, object data, JsonSerializerOptions options)
    {
        var json = new ArrayBufferWriter<byte>(64);
        var attachments = new List<byte[]>();
        SioPacketWriter.WriteValue(json, data, options, attachments);
        return Build(SioPacketType.ConnectError, 0, nsp, -1, json.WrittenSpan, null);
    }

    public static EngineFrame Disconnect(string nsp) => Build(SioPacketType.Disconnect, 0, nsp, -1, default, null);

    private static EngineFrame Build(SioPacketType type, int attachmentCount, string nsp, int ackId, ReadOnlySpan<byte> json, List<byte[]>? attachments)
    {
        var output = new ArrayBufferWriter<byte>(json.Length + nsp.Length + 24);
        output.Write("4"u8);
        SioPacketWriter.WriteHeader(output, type, attachmentCount, nsp, ackId);
        output.Write(json);
        return new EngineFrame(output.WrittenSpan.ToArray(), attachments is { Count: > 0 } ? attachments.ToArray() : null);
    }
}
