using System.Text.Json.Serialization;

namespace VibezLive.Media.Parameters;

/// <summary>The media kind of a codec, header extension, producer or consumer (JSON "audio" | "video").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MediaKind>))]
public enum MediaKind
{
    [JsonStringEnumMemberName("audio")]
    Audio,

    [JsonStringEnumMemberName("video")]
    Video,
}
