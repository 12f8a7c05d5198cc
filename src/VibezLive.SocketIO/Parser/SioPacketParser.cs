using System.Text;
using System.Text.Json;

namespace VibezLive.SocketIO.Parser;

/// <summary>
/// Decodes the text form of a Socket.IO v5 packet:
/// <c>&lt;type&gt;[&lt;attachments&gt;-][&lt;namespace&gt;,][&lt;ack id&gt;][&lt;JSON payload&gt;]</c>.
/// </summary>
public static class SioPacketParser
{
    /// <summary>Longest namespace name accepted.</summary>
    public const int MaxNamespaceLength = 256;

    private const int MaxDigits = 9; // keeps attachment counts and ack ids inside int without overflow checks

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    /// <summary>Parses <paramref name="utf8"/>; on failure <paramref name="packet"/> is null and the error says why.</summary>
    public static SioParseError TryParse(ReadOnlySpan<byte> utf8, int maxAttachments, out SioPacket? packet)
    {
        packet = null;
        if (utf8.IsEmpty) return SioParseError.Empty;

        int typeDigit = utf8[0] - '0';
        if (typeDigit is < 0 or > 6) return SioParseError.UnknownType;
        var type = (SioPacketType)typeDigit;
        int i = 1;

        int attachments = 0;
        if (type is SioPacketType.BinaryEvent or SioPacketType.BinaryAck)
        {
            int start = i;
            while (i < utf8.Length && IsDigit(utf8[i]))
            {
                if (i - start >= MaxDigits) return SioParseError.BadAttachmentCount;
                attachments = (attachments * 10) + (utf8[i] - '0');
                i++;
            }
            if (i == start || i >= utf8.Length || utf8[i] != '-') return SioParseError.BadAttachmentCount;
            i++;
            if (attachments > maxAttachments) return SioParseError.TooManyAttachments;
        }

        string nsp = "/";
        if (i < utf8.Length && utf8[i] == '/')
        {
            int comma = utf8[i..].IndexOf((byte)',');
            int end = comma < 0 ? utf8.Length : i + comma;
            var name = utf8[i..end];
            if (name.Length > MaxNamespaceLength || name.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0) return SioParseError.BadNamespace;
            try
            {
                nsp = new UTF8Encoding(false, true).GetString(name);
            }
            catch (DecoderFallbackException)
            {
                return SioParseError.BadNamespace;
            }
            i = comma < 0 ? end : end + 1;
        }

        int ackId = -1;
        if (i < utf8.Length && IsDigit(utf8[i]))
        {
            int start = i;
            ackId = 0;
            while (i < utf8.Length && IsDigit(utf8[i]))
            {
                if (i - start >= MaxDigits) return SioParseError.BadAckId;
                ackId = (ackId * 10) + (utf8[i] - '0');
                i++;
            }
        }

        JsonElement? data = null;
        if (i < utf8.Length)
        {
            if (!TryParseJson(utf8[i..], out var element)) return SioParseError.BadJson;
            data = element;
        }

        if (!IsPayloadValid(type, data, ackId)) return SioParseError.InvalidPayload;
        packet = new SioPacket(type, nsp, ackId, attachments, data);
        return SioParseError.None;
    }

    private static bool IsPayloadValid(SioPacketType type, JsonElement? data, int ackId) => type switch
    {
        SioPacketType.Connect => data is null || data.Value.ValueKind == JsonValueKind.Object,
        SioPacketType.Disconnect => data is null,
        SioPacketType.ConnectError => data is { ValueKind: JsonValueKind.Object or JsonValueKind.String },
        SioPacketType.Event or SioPacketType.BinaryEvent =>
            data is { ValueKind: JsonValueKind.Array } d && d.GetArrayLength() > 0 && d[0].ValueKind == JsonValueKind.String,
        SioPacketType.Ack or SioPacketType.BinaryAck => ackId >= 0 && data is { ValueKind: JsonValueKind.Array },
        _ => false,
    };

    private static bool TryParseJson(ReadOnlySpan<byte> json, out JsonElement element)
    {
        element = default;
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            // ParseValue copies the value out of the reader's buffer, so the element outlives the input span.
            if (!JsonElement.TryParseValue(ref reader, out var parsed) || parsed is null) return false;
            if (reader.Read()) return false; // trailing content after the value
            element = parsed.Value;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
