using System.Text.Json;
using VibezLive.SocketIO.Parser;

namespace VibezLive.SocketIO.Tests.Parser;

public class SioPlaceholdersTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void Placeholders_at_any_depth_are_resolved_to_their_attachments()
    {
        var payload = Json("""{"a":1,"b":{"c":[0,{"_placeholder":true,"num":1}]},"d":{"_placeholder":true,"num":0},"e":"x"}""");
        byte[][] attachments = [[1], [2, 3]];
        var resolved = Assert.IsType<Dictionary<string, object?>>(SioPlaceholders.Resolve(payload, attachments));
        Assert.Equal(1, ((JsonElement)resolved["a"]!).GetInt32());
        Assert.Same(attachments[0], resolved["d"]);
        Assert.Equal("x", ((JsonElement)resolved["e"]!).GetString());
        var b = Assert.IsType<Dictionary<string, object?>>(resolved["b"]);
        var c = Assert.IsType<List<object?>>(b["c"]);
        Assert.Equal(0, ((JsonElement)c[0]!).GetInt32());
        Assert.Same(attachments[1], c[1]);
        Assert.Equal(["a", "b", "d", "e"], resolved.Keys);
    }

    [Fact]
    public void Subtrees_without_binary_stay_json()
    {
        var payload = Json("""[{"x":1},{"_placeholder":true,"num":0}]""");
        var resolved = Assert.IsType<List<object?>>(SioPlaceholders.Resolve(payload, [[9]]));
        Assert.IsType<JsonElement>(resolved[0]);
        Assert.IsType<byte[]>(resolved[1]);
        Assert.IsType<JsonElement>(SioPlaceholders.Resolve(Json("""{"x":1}"""), [[9]]));
    }

    [Theory]
    [InlineData("""[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]""", 2, true)]
    [InlineData("""[{"_placeholder":true,"num":2}]""", 2, false)]
    [InlineData("""[{"_placeholder":true,"num":-1}]""", 2, false)]
    [InlineData("""[{"_placeholder":true,"num":0.5}]""", 2, false)]
    [InlineData("""[{"_placeholder":true}]""", 2, false)]
    [InlineData("""[{"_placeholder":false,"num":0}]""", 2, false)]
    [InlineData("""{"deep":[[[{"_placeholder":true,"num":5}]]]}""", 1, false)]
    [InlineData("""["no binary"]""", 0, true)]
    public void Validation_checks_every_placeholder(string json, int count, bool valid) =>
        Assert.Equal(valid, SioPlaceholders.AreValid(Json(json), count));

    [Fact]
    public void Reconstructor_completes_after_the_announced_attachments()
    {
        SioPacketParser.TryParse("52-[\"e\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"u8, 10, out var packet);
        var r = new SioBinaryReconstructor(packet!);
        Assert.False(r.Add([1]));
        Assert.True(r.Add([2]));
        Assert.True(r.IsComplete);
        Assert.Throws<InvalidOperationException>(() => r.Add([3]));
        Assert.Equal([1], r.Attachments[0]);
    }
}
