using System.Text.Json.Nodes;
using System.Text.Json;
using VibezLive.Media.Parameters;

// Not "VibezLive.Media.Tests.Ortc": a namespace of that name would capture the simple name "Ortc" in every test
// namespace under VibezLive.Media.Tests and break other tests' "Ortc.X" calls.
namespace VibezLive.Media.Tests.Negotiation;

/// <summary>Fixture loading and JSON comparison helpers for the Ortc tests.</summary>
internal static class OrtcJson
{
    public static JsonNode LoadFixture(string fileName) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", fileName)))!;

    public static JsonNode GroundTruth => LoadFixture("mediasoup-ground-truth-3.19.3.json");

    public static T Read<T>(JsonNode node) =>
        (T)JsonSerializer.Deserialize(node.ToJsonString(), typeof(T), MediaJsonContext.Default)!;

    public static T Read<T>(string json) => (T)JsonSerializer.Deserialize(json, typeof(T), MediaJsonContext.Default)!;

    public static JsonNode ToNode<T>(T value) => JsonNode.Parse(JsonSerializer.Serialize(value, typeof(T), MediaJsonContext.Default))!;

    /// <summary>
    /// Asserts structural equality with object keys order-insensitive and array order significant. With
    /// <paramref name="ignoreSsrcValues"/> every "ssrc" number compares equal to any other number (SSRCs are random)
    /// but must still be present where expected.
    /// </summary>
    public static void AssertEqual(JsonNode expected, JsonNode actual, bool ignoreSsrcValues = false)
    {
        var e = Canonical(expected, ignoreSsrcValues);
        var a = Canonical(actual, ignoreSsrcValues);
        Assert.Equal(e, a);
    }

    private static string Canonical(JsonNode node, bool scrubSsrc)
    {
        var copy = Normalize(node.DeepClone(), scrubSsrc)!;
        return copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonNode? Normalize(JsonNode? node, bool scrubSsrc)
    {
        switch (node)
        {
            case JsonObject obj:
                var sorted = new JsonObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
                {
                    obj.Remove(key);
                    sorted[key] = scrubSsrc && key == "ssrc" && value is JsonValue ? JsonValue.Create(0) : Normalize(value, scrubSsrc);
                }

                return sorted;
            case JsonArray arr:
                var items = arr.ToList();
                arr.Clear();
                var result = new JsonArray();
                foreach (var item in items)
                {
                    result.Add(Normalize(item, scrubSsrc));
                }

                return result;
            default:
                return node;
        }
    }
}
