using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Json;

namespace VibezLive.SocketIO.Parser;

/// <summary>
/// Encodes Socket.IO v5 packets. Binary values (<c>byte[]</c>, <c>ReadOnlyMemory&lt;byte&gt;</c>,
/// <c>Memory&lt;byte&gt;</c>, <c>ArraySegment&lt;byte&gt;</c>) found at any depth of <c>object?[]</c>,
/// <c>IList&lt;object?&gt;</c> or <c>IDictionary&lt;string, object?&gt;</c> arguments become placeholders and
/// attachments (then the packet is BINARY_EVENT / BINARY_ACK). Other values go through System.Text.Json.
/// </summary>
public static class SioPacketWriter
{
    private const int MaxDepth = 64;

    /// <summary>
    /// Writes <c>[type][n-][nsp,][id]</c> followed by <paramref name="json"/> to <paramref name="output"/>.
    /// <paramref name="ackId"/> is -1 for none; <paramref name="attachmentCount"/> is used only for binary types.
    /// </summary>
    public static void WriteHeader(IBufferWriter<byte> output, SioPacketType type, int attachmentCount, string nsp, int ackId)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(nsp);
        var span = output.GetSpan(32 + Encoding.UTF8.GetMaxByteCount(nsp.Length));
        int n = 0;
        span[n++] = (byte)('0' + (int)type);
        if (type is SioPacketType.BinaryEvent or SioPacketType.BinaryAck)
        {
            attachmentCount.TryFormat(span[n..], out int w);
            n += w;
            span[n++] = (byte)'-';
        }
        if (nsp != "/")
        {
            n += Encoding.UTF8.GetBytes(nsp, span[n..]);
            span[n++] = (byte)',';
        }
        if (ackId >= 0)
        {
            ackId.TryFormat(span[n..], out int w);
            n += w;
        }
        output.Advance(n);
    }

    /// <summary>
    /// Serializes <paramref name="values"/> as a JSON array (preceded by <paramref name="first"/> when it is not
    /// null: the event name) into <paramref name="json"/>, collecting binary values into <paramref name="attachments"/>.
    /// </summary>
    public static void WriteArguments(IBufferWriter<byte> json, string? first, ReadOnlySpan<object?> values, JsonSerializerOptions options, List<byte[]> attachments)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(attachments);
        using var writer = new Utf8JsonWriter(json, new JsonWriterOptions { SkipValidation = true, Encoder = options.Encoder });
        writer.WriteStartArray();
        if (first is not null) writer.WriteStringValue(first);
        foreach (var value in values) WriteValue(writer, value, options, attachments, 0);
        writer.WriteEndArray();
    }

    /// <summary>Serializes one value (no binary extraction at the top level unless it is binary itself).</summary>
    public static void WriteValue(IBufferWriter<byte> json, object? value, JsonSerializerOptions options, List<byte[]> attachments)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(attachments);
        using var writer = new Utf8JsonWriter(json, new JsonWriterOptions { SkipValidation = true, Encoder = options.Encoder });
        WriteValue(writer, value, options, attachments, 0);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, JsonSerializerOptions options, List<byte[]> attachments, int depth)
    {
        if (depth > MaxDepth) throw new InvalidOperationException("Emitted arguments nest deeper than 64 levels (a cycle?).");
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return;
            case JsonElement element:
                element.WriteTo(writer);
                return;
            case string s:
                writer.WriteStringValue(s);
                return;
            case bool b:
                writer.WriteBooleanValue(b);
                return;
            case int i:
                writer.WriteNumberValue(i);
                return;
            // Common primitives are written directly: the application's serializer options may carry a
            // source-generated resolver that only knows its own types.
            case long l:
                writer.WriteNumberValue(l);
                return;
            case double d:
                writer.WriteNumberValue(d);
                return;
            case float f:
                writer.WriteNumberValue(f);
                return;
            case decimal m:
                writer.WriteNumberValue(m);
                return;
            case uint ui:
                writer.WriteNumberValue(ui);
                return;
            case ulong ul:
                writer.WriteNumberValue(ul);
                return;
            case short sh:
                writer.WriteNumberValue(sh);
                return;
            case Guid g:
                writer.WriteStringValue(g);
                return;
            case DateTimeOffset dto:
                writer.WriteStringValue(dto);
                return;
            case DateTime dt:
                writer.WriteStringValue(dt);
                return;
            case byte[] bytes:
                WritePlaceholder(writer, attachments, bytes);
                return;
            case ReadOnlyMemory<byte> rom:
                WritePlaceholder(writer, attachments, rom.ToArray());
                return;
            case Memory<byte> mem:
                WritePlaceholder(writer, attachments, mem.ToArray());
                return;
            case ArraySegment<byte> segment:
                WritePlaceholder(writer, attachments, segment.ToArray());
                return;
            case IDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var pair in map)
                {
                    writer.WritePropertyName(pair.Key);
                    WriteValue(writer, pair.Value, options, attachments, depth + 1);
                }
                writer.WriteEndObject();
                return;
            case IList<object?> list:
                writer.WriteStartArray();
                foreach (var item in (IEnumerable)list) WriteValue(writer, item, options, attachments, depth + 1);
                writer.WriteEndArray();
                return;
            default:
                JsonSerializer.Serialize(writer, value, value.GetType(), options);
                return;
        }
    }

    private static void WritePlaceholder(Utf8JsonWriter writer, List<byte[]> attachments, byte[] bytes)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("_placeholder"u8, true);
        writer.WriteNumber("num"u8, attachments.Count);
        writer.WriteEndObject();
        attachments.Add(bytes);
    }
}
