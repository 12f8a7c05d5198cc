using System.Text.Json.Serialization;

namespace VibezLive.Media.Stats;

/// <summary>Source-generated JSON metadata for the stats objects returned by the GetStatsAsync methods (combine it
/// into the application's resolver chain to serialize them).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RtpStreamStats))]
[JsonSerializable(typeof(WebRtcTransportStats))]
[JsonSerializable(typeof(IceTupleStats))]
[JsonSerializable(typeof(IceParameters))]
[JsonSerializable(typeof(IceCandidate))]
[JsonSerializable(typeof(List<IceCandidate>))]
[JsonSerializable(typeof(DtlsParameters))]
[JsonSerializable(typeof(SctpParameters))]
[JsonSerializable(typeof(IceState))]
public sealed partial class MediaStatsJsonContext : JsonSerializerContext;
