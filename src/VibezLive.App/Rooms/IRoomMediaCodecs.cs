using VibezLive.Media.Parameters;

namespace VibezLive.App.Rooms;

/// <summary>The media codecs every new room's router is created with.</summary>
public interface IRoomMediaCodecs
{
    IReadOnlyList<RtpCodecCapability> Codecs { get; }
}
