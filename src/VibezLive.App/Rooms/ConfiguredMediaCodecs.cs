using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using VibezLive.Media.Negotiation;
using VibezLive.Media.Parameters;

namespace VibezLive.App.Rooms;

/// <summary>The router media codecs: mediasoup's <c>router.mediaCodecs</c> array from the JSON file named by
/// <c>Media:MediaCodecsFile</c> (kept as JSON so that codec parameter values keep their number/string types), or
/// the built-in defaults (opus, VP8, VP9, H264, AV1).</summary>
public sealed class ConfiguredMediaCodecs : IRoomMediaCodecs
{
    public const string FileKey = "Media:MediaCodecsFile";

    public ConfiguredMediaCodecs(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var file = configuration[FileKey];
        if (string.IsNullOrWhiteSpace(file))
        {
            Codecs = MediaCodecDefaults.Default;
            return;
        }

        var path = Path.GetFullPath(file, environment.ContentRootPath);
        try
        {
            Codecs = JsonSerializer.Deserialize(File.ReadAllText(path), MediaJsonContext.Default.ListRtpCodecCapability)
                ?? throw new InvalidOperationException($"{FileKey} '{path}' holds no codec array.");
            Ortc.GenerateRouterRtpCapabilities(Codecs); // fail at start, not at the first join
        }
        catch (Exception e) when (e is IOException or JsonException or OrtcException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{FileKey} '{path}' is not a usable mediasoup mediaCodecs array: {e.Message}", e);
        }
    }

    public IReadOnlyList<RtpCodecCapability> Codecs { get; }
}
