using System.Text.Json.Serialization;

namespace VibezLive.LoadTest.Reporting;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LoadTestReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
