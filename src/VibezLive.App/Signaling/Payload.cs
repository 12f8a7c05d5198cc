using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace VibezLive.App.Signaling;

/// <summary>Typed, bounded access to an event's payload object. Every failure is a <see cref="SignalingException"/>
/// with <c>BAD_REQUEST</c> and a message naming the field.</summary>
public readonly struct Payload
{
    /// <summary>Longest id the server ever hands out or accepts (producer, consumer, transport, peer ids).</summary>
    public const int MaxIdLength = 64;

    private readonly JsonElement _root;

    public Payload(JsonElement root) => _root = root;

    public JsonElement Root => _root;

    public bool Has(string name) => _root.ValueKind == JsonValueKind.Object &&
        _root.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    public string RequireString(string name, int maxLength)
    {
        var value = OptionalString(name, maxLength);
        return string.IsNullOrEmpty(value) ? throw SignalingException.BadRequest($"'{name}' must be a non-empty string.") : value;
    }

    public string? OptionalString(string name, int maxLength)
    {
        if (!TryGet(name, out var v))
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            throw SignalingException.BadRequest($"'{name}' must be a string.");
        }

        var s = v.GetString()!;
        return s.Length > maxLength ? throw SignalingException.BadRequest($"'{name}' is longer than {maxLength} characters.") : s;
    }

    public string RequireId(string name) => RequireString(name, MaxIdLength);

    public bool RequireBool(string name) =>
        OptionalBool(name) ?? throw SignalingException.BadRequest($"'{name}' must be a boolean.");

    public bool? OptionalBool(string name)
    {
        if (!TryGet(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw SignalingException.BadRequest($"'{name}' must be a boolean."),
        };
    }

    public int? OptionalInt(string name, int min, int max)
    {
        if (!TryGet(name, out var v))
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i) || i < min || i > max)
        {
            throw SignalingException.BadRequest($"'{name}' must be an integer from {min} to {max}.");
        }

        return i;
    }

    public int RequireInt(string name, int min, int max) =>
        OptionalInt(name, min, max) ?? throw SignalingException.BadRequest($"'{name}' must be an integer from {min} to {max}.");

    /// <summary>An object field (cloned so it outlives the packet), or null when absent.</summary>
    public JsonElement? OptionalObject(string name, int maxBytes)
    {
        if (!TryGet(name, out var v))
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Object)
        {
            throw SignalingException.BadRequest($"'{name}' must be an object.");
        }

        var raw = v.GetRawText();
        return raw.Length > maxBytes
            ? throw SignalingException.BadRequest($"'{name}' is larger than {maxBytes} bytes.")
            : v.Clone();
    }

    /// <summary>A required object deserialized with a source-generated contract (mediasoup shapes).</summary>
    public T RequireModel<T>(string name, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (!TryGet(name, out var v) || v.ValueKind != JsonValueKind.Object)
        {
            throw SignalingException.BadRequest($"'{name}' must be an object.");
        }

        try
        {
            return v.Deserialize(typeInfo) ?? throw SignalingException.BadRequest($"'{name}' must be an object.");
        }
        catch (JsonException e)
        {
            throw SignalingException.BadRequest($"'{name}' is malformed: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            throw SignalingException.BadRequest($"'{name}' is malformed: {e.Message}");
        }
    }

    private bool TryGet(string name, out JsonElement value)
    {
        if (_root.ValueKind == JsonValueKind.Object && _root.TryGetProperty(name, out value) &&
            value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            return true;
        }

        value = default;
        return false;
    }
}
