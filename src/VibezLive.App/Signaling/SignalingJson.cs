using System.Text.Json.Serialization.Metadata;
using System.Text.Json;
using VibezLive.Media.Parameters;
using VibezLive.Media.Stats;

namespace VibezLive.App.Signaling;

/// <summary>The serializer options of every Socket.IO emit and ack: the engine's source-generated contracts first
/// (<see cref="MediaJsonContext"/> for the RTP shapes, <see cref="MediaStatsJsonContext"/> for transports and stats,
/// so they are exactly mediasoup's), then those of the signaling messages. No reflection.</summary>
public static class SignalingJson
{
    public static JsonSerializerOptions Options { get; } = new(MediaJsonContext.Default.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(MediaJsonContext.Default, MediaStatsJsonContext.Default, AppJsonContext.Default),
    };

    /// <summary>Engine statistics come as <c>object</c>s of several shapes; each is rendered with its own contract.</summary>
    public static JsonElement ToElement(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value is JsonElement e ? e : JsonSerializer.SerializeToElement(value, value.GetType(), Options);
    }
}
