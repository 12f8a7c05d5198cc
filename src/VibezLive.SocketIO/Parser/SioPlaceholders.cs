using System.Text.Json;

namespace VibezLive.SocketIO.Parser;

/// <summary>
/// Binary attachment placeholders (<c>{"_placeholder":true,"num":n}</c>), which may sit at any depth of a payload.
/// </summary>
public static class SioPlaceholders
{
    /// <summary>True when <paramref name="element"/> is a placeholder; <paramref name="index"/> is its attachment number.</summary>
    public static bool TryGetIndex(JsonElement element, out int index)
    {
        index = -1;
        if (element.ValueKind != JsonValueKind.Object) return false;
        if (!element.TryGetProperty("_placeholder"u8, out var flag) || flag.ValueKind != JsonValueKind.True) return false;
        return element.TryGetProperty("num"u8, out var num) && num.ValueKind == JsonValueKind.Number && num.TryGetInt32(out index);
    }

    /// <summary>
    /// True when every placeholder of <paramref name="payload"/> refers to an existing attachment
    /// (0 ≤ num &lt; <paramref name="attachmentCount"/>). Depth is bounded by the parser (64).
    /// </summary>
    public static bool AreValid(JsonElement payload, int attachmentCount)
    {
        switch (payload.ValueKind)
        {
            case JsonValueKind.Object:
                if (payload.TryGetProperty("_placeholder"u8, out _))
                {
                    return TryGetIndex(payload, out int index) && index >= 0 && index < attachmentCount;
                }
                foreach (var property in payload.EnumerateObject())
                {
                    if (!AreValid(property.Value, attachmentCount)) return false;
                }
                return true;
            case JsonValueKind.Array:
                foreach (var item in payload.EnumerateArray())
                {
                    if (!AreValid(item, attachmentCount)) return false;
                }
                return true;
            default:
                return true;
        }
    }

    /// <summary>
    /// Replaces placeholders by their attachments: a placeholder becomes <c>byte[]</c>, an array or object that
    /// contains one becomes <c>List&lt;object?&gt;</c> / <c>Dictionary&lt;string, object?&gt;</c>, and any subtree
    /// without binary stays the same <see cref="JsonElement"/>. The result can be emitted again as is.
    /// </summary>
    public static object? Resolve(JsonElement payload, IReadOnlyList<byte[]> attachments)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        if (attachments.Count == 0) return payload;
        return ResolveCore(payload, attachments, out _);
    }

    private static object? ResolveCore(JsonElement element, IReadOnlyList<byte[]> attachments, out bool hasBinary)
    {
        hasBinary = false;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (TryGetIndex(element, out int index) && index >= 0 && index < attachments.Count)
                {
                    hasBinary = true;
                    return attachments[index];
                }
                Dictionary<string, object?>? map = null;
                foreach (var property in element.EnumerateObject())
                {
                    var value = ResolveCore(property.Value, attachments, out bool childBinary);
                    if (childBinary && map is null)
                    {
                        // First binary child: copy the properties seen so far.
                        map = new Dictionary<string, object?>(StringComparer.Ordinal);
                        foreach (var previous in element.EnumerateObject())
                        {
                            if (previous.NameEquals(property.Name)) break;
                            map[previous.Name] = previous.Value;
                        }
                    }
                    if (map is not null) map[property.Name] = childBinary ? value : property.Value;
                }
                hasBinary = map is not null;
                return map is not null ? map : element;
            case JsonValueKind.Array:
                List<object?>? list = null;
                int i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var value = ResolveCore(item, attachments, out bool childBinary);
                    if (childBinary && list is null)
                    {
                        list = new List<object?>(element.GetArrayLength());
                        for (int j = 0; j < i; j++) list.Add(element[j]);
                    }
                    list?.Add(childBinary ? value : item);
                    i++;
                }
                hasBinary = list is not null;
                return list is not null ? list : element;
            default:
                return element;
        }
    }
}
