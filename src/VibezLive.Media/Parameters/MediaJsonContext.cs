using System.Text.Json;
using System.Text.Json.Serialization;

namespace VibezLive.Media.Parameters;

/// <summary>
/// Source-generated System.Text.Json metadata for mediasoup's RTP shapes: camelCase names, unset optional members
/// omitted (as mediasoup omits <c>undefined</c>), numbers never read from strings. Combine with other contexts via
/// <c>JsonTypeInfoResolver.Combine(MediaJsonContext.Default, …)</c>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(RtpCapabilities))]
[JsonSerializable(typeof(RtpParameters))]
[JsonSerializable(typeof(RtpCodecCapability))]
[JsonSerializable(typeof(List<RtpCodecCapability>))]
[JsonSerializable(typeof(RtpCodecParameters))]
[JsonSerializable(typeof(RtpHeaderExtension))]
[JsonSerializable(typeof(RtpHeaderExtensionParameters))]
[JsonSerializable(typeof(RtpEncodingParameters))]
[JsonSerializable(typeof(RtcpParameters))]
[JsonSerializable(typeof(RtcpFeedback))]
[JsonSerializable(typeof(MediaKind))]
[JsonSerializable(typeof(Dictionary<string, CodecParameterValue>))]
public sealed partial class MediaJsonContext : JsonSerializerContext;
