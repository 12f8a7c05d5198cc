namespace VibezLive.Media.Parameters;

/// <summary>What a router or an endpoint can receive: codecs and header extensions (mediasoup's RtpCapabilities).</summary>
public sealed class RtpCapabilities
{
    public List<RtpCodecCapability> Codecs { get; set; } = [];

    public List<RtpHeaderExtension> HeaderExtensions { get; set; } = [];

    public RtpCapabilities Clone() => new()
    {
        Codecs = Codecs is null ? [] : Codecs.ConvertAll(static c => c.Clone()),
        HeaderExtensions = HeaderExtensions is null ? [] : HeaderExtensions.ConvertAll(static e => e.Clone()),
    };
}
