using System.Text.Json.Serialization;

namespace VibezLive.Media.Parameters;

/// <summary>The RTX stream (RFC 4588) paired with an encoding: <c>{ "ssrc": … }</c>.</summary>
public sealed class RtpEncodingRtx
{
    public RtpEncodingRtx()
    {
    }

    public RtpEncodingRtx(uint ssrc) => Ssrc = ssrc;

    [JsonRequired]
    public uint Ssrc { get; set; }

    public RtpEncodingRtx Clone() => new(Ssrc);
}
