using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using VibezLive.Media.RtpParameters;

namespace VibezLive.App.Signaling;

/// <summary>The serializer options of every Socket.IO emit and ack: the source-generated contracts of the media
/// shapes (<see cref="MediaJsonContext"/>, first, so they are exactly mediasoup's) and of the signaling messages.</summary>
public static class SignalingJson
{
    public static JsonSerializerOptions Options { get; } = new(MediaJsonContext.Default.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(MediaJsonContext.Default, AppJsonContext.Default),
    };

    /// <summary>Engine statistics are plain objects of several shapes; they are rendered once, here, with the reflection
    /// resolver as the last fallback (control path only, never per packet).</summary>
    private static readonly JsonSerializerOptions StatsOptions = new(MediaJsonContext.Default.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(MediaJsonContext.Default, AppJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static JsonElement ToElement(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value is JsonElement e ? e : JsonSerializer.SerializeToElement(value, value.GetType(), StatsOptions);
    }
}
