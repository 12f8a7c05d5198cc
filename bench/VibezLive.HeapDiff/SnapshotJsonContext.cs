using System.Text.Json.Serialization;

namespace VibezLive.HeapDiff;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(HeapSnapshot))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
