using System.Buffers;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using VibezLive.SocketIO.Parser;

namespace VibezLive.SocketIO.Tests.Parser;

public class SioPacketParserTests
{
    private static SioPacket Parse(string text, int maxAttachments = 10)
    {
        var error = SioPacketParser.TryParse(Encoding.UTF8.GetBytes(text), maxAttachments, out var packet);
        Assert.Equal(SioParseError.None, error);
        return packet!;
    }

    private static SioParseError Error(string text, int maxAttachments = 10) =>
        SioPacketParser.TryParse(Encoding.UTF8.GetBytes(text), maxAttachments, out _);

    [Fact]
    public void Connect_to_the_default_namespace_without_auth()
    {
        var p = Parse("0");
        Assert.Equal(SioPacketType.Connect, p.Type);
        Assert.Equal("/", p.Namespace);
        Assert.Equal(-1, p.AckId);
        Assert.Null(p.Data);
    }

    [Fact]
    public void Connect_to_a_namespace_with_auth()
    {
        var p = Parse("0/admin,{\"token\":\"123\"}");
        Assert.Equal("/admin", p.Namespace);
        Assert.Equal("123", p.Data!.Value.GetProperty("token").GetString());
    }

    [Fact]
    public void Namespace_without_trailing_comma()
    {
        Assert.Equal("/admin", Parse("1/admin").Namespace);
        Assert.Equal("/admin", Parse("1/admin,").Namespace);
    }

    [Fact]
    public void Event_with_ack_id_and_namespace()
    {
        var p = Parse("2/chat,12[\"hello\",1,{\"a\":[true]}]");
        Assert.Equal(SioPacketType.Event, p.Type);
        Assert.Equal("/chat", p.Namespace);
        Assert.Equal(12, p.AckId);
        Assert.Equal(3, p.Data!.Value.GetArrayLength());
        Assert.Equal("hello", p.Data.Value[0].GetString());
    }

    [Fact]
    public void Ack_requires_an_id_and_an_array()
    {
        var p = Parse("37[\"ok\"]");
        Assert.Equal(SioPacketType.Ack, p.Type);
        Assert.Equal(7, p.AckId);
        Assert.Equal(SioParseError.InvalidPayload, Error("3[\"ok\"]"));
        Assert.Equal(SioParseError.InvalidPayload, Error("37{\"ok\":1}"));
    }

    [Fact]
    public void Binary_event_announces_its_attachments()
    {
        var p = Parse("52-/x,3[\"up\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        Assert.Equal(SioPacketType.BinaryEvent, p.Type);
        Assert.True(p.IsBinary);
        Assert.Equal(2, p.AttachmentCount);
        Assert.Equal("/x", p.Namespace);
        Assert.Equal(3, p.AckId);
    }

    [Fact]
    public void Binary_ack()
    {
        var p = Parse("61-4[{\"_placeholder\":true,\"num\":0}]");
        Assert.Equal(SioPacketType.BinaryAck, p.Type);
        Assert.Equal(4, p.AckId);
        Assert.Equal(1, p.AttachmentCount);
    }

    [Fact]
    public void Unicode_namespace_and_payload()
    {
        var p = Parse("2/caf\u00e9,[\"\u00e9v\u00e9nement\",\"\ud83d\ude00\"]");
        Assert.Equal("/caf\u00e9", p.Namespace);
        Assert.Equal("\ud83d\ude00", p.Data!.Value[1].GetString());
    }

    [Theory]
    [InlineData("", SioParseError.Empty)]
    [InlineData("7", SioParseError.UnknownType)]
    [InlineData("a", SioParseError.UnknownType)]
    [InlineData("5[\"x\"]", SioParseError.BadAttachmentCount)]
    [InlineData("5-[\"x\"]", SioParseError.BadAttachmentCount)]
    [InlineData("51[\"x\"]", SioParseError.BadAttachmentCount)]
    [InlineData("51234567890-[\"x\"]", SioParseError.BadAttachmentCount)]
    [InlineData("511-[\"x\"]", SioParseError.TooManyAttachments)]
    [InlineData("21234567890[\"x\"]", SioParseError.BadAckId)]
    [InlineData("2[\"x\"", SioParseError.BadJson)]
    [InlineData("2[\"x\"] trailing", SioParseError.BadJson)]
    [InlineData("2[\"x\"][]", SioParseError.BadJson)]
    [InlineData("2{\"x\":1}", SioParseError.InvalidPayload)]
    [InlineData("2[]", SioParseError.InvalidPayload)]
    [InlineData("2[1]", SioParseError.InvalidPayload)]
    [InlineData("2", SioParseError.InvalidPayload)]
    [InlineData("0[]", SioParseError.InvalidPayload)]
    [InlineData("0\"str\"", SioParseError.InvalidPayload)]
    [InlineData("1{}", SioParseError.InvalidPayload)]
    [InlineData("4", SioParseError.InvalidPayload)]
    [InlineData("2/a\u0001b,[\"x\"]", SioParseError.BadNamespace)]
    public void Malformed_packets_are_rejected(string text, SioParseError expected) => Assert.Equal(expected, Error(text));

    [Fact]
    public void Invalid_utf8_namespace_is_rejected()
    {
        byte[] bytes = [(byte)'0', (byte)'/', 0xC3, 0x28, (byte)','];
        Assert.Equal(SioParseError.BadNamespace, SioPacketParser.TryParse(bytes, 10, out _));
    }

    [Fact]
    public void Overlong_namespace_is_rejected() =>
        Assert.Equal(SioParseError.BadNamespace, Error("0/" + new string('n', SioPacketParser.MaxNamespaceLength) + ","));

    [Fact]
    public void Nesting_deeper_than_64_is_rejected()
    {
        string deep = "2[\"x\"," + new string('[', 70) + new string(']', 70) + "]";
        Assert.Equal(SioParseError.BadJson, Error(deep));
    }

    [Fact]
    public void Parsed_data_outlives_the_input_buffer()
    {
        var bytes = Encoding.UTF8.GetBytes("2[\"keep\",\"me\"]");
        SioPacketParser.TryParse(bytes, 10, out var packet);
        Array.Clear(bytes);
        Assert.Equal("me", packet!.Data!.Value[1].GetString());
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public Property Arbitrary_bytes_never_throw(byte[] input) =>
        Prop.ToProperty(SioPacketParser.TryParse(input, 10, out var p) == SioParseError.None ? p is not null : p is null);

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Arbitrary_text_after_a_valid_prefix_never_throws(string? tail) =>
        Prop.ToProperty(SioPacketParser.TryParse(Encoding.UTF8.GetBytes("2/n,1[\"e\"," + (tail ?? "")), 10, out _) != (SioParseError)255);

    [Fact]
    public void Writer_output_parses_back()
    {
        var json = new System.Buffers.ArrayBufferWriter<byte>();
        var attachments = new List<byte[]>();
        object?[] args = [1, "two", new Dictionary<string, object?> { ["bin"] = new byte[] { 1, 2 }, ["list"] = new List<object?> { new ReadOnlyMemory<byte>([3]) } }];
        SioPacketWriter.WriteArguments(json, "ev", args, JsonSerializerOptions.Web, attachments);
        var packet = new System.Buffers.ArrayBufferWriter<byte>();
        SioPacketWriter.WriteHeader(packet, SioPacketType.BinaryEvent, attachments.Count, "/ns", 5);
        packet.Write(json.WrittenSpan);

        Assert.Equal("52-/ns,5[\"ev\",1,\"two\",{\"bin\":{\"_placeholder\":true,\"num\":0},\"list\":[{\"_placeholder\":true,\"num\":1}]}]", Encoding.UTF8.GetString(packet.WrittenSpan));
        var p = Parse(Encoding.UTF8.GetString(packet.WrittenSpan));
        Assert.Equal(2, p.AttachmentCount);
        Assert.True(SioPlaceholders.AreValid(p.Data!.Value, attachments.Count));
    }

    [Fact]
    public void Header_of_the_default_namespace_omits_it()
    {
        var packet = new System.Buffers.ArrayBufferWriter<byte>();
        SioPacketWriter.WriteHeader(packet, SioPacketType.Ack, 0, "/", 0);
        Assert.Equal("30", Encoding.UTF8.GetString(packet.WrittenSpan));
    }

    [Fact]
    public void Arguments_use_the_serializer_options()
    {
        var json = new System.Buffers.ArrayBufferWriter<byte>();
        SioPacketWriter.WriteArguments(json, "ev", [new Sample("x", 2), null, JsonDocument.Parse("{\"raw\":true}").RootElement], JsonSerializerOptions.Web, []);
        Assert.Equal("[\"ev\",{\"name\":\"x\",\"count\":2},null,{\"raw\":true}]", Encoding.UTF8.GetString(json.WrittenSpan));
    }

    [Fact]
    public void A_cycle_in_emitted_arguments_is_refused()
    {
        var list = new List<object?>();
        list.Add(list);
        Assert.Throws<InvalidOperationException>(() =>
            SioPacketWriter.WriteArguments(new System.Buffers.ArrayBufferWriter<byte>(), "ev", [list], JsonSerializerOptions.Web, []));
    }

    [Fact]
    public void Primitives_do_not_need_the_applications_resolver()
    {
        // An application may configure a source-generated resolver that knows only its own types.
        var options = new JsonSerializerOptions { TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine() };
        var json = new ArrayBufferWriter<byte>();
        object?[] args = [1L, 2.5, true, "s", null, Guid.Empty, new Dictionary<string, object?> { ["n"] = 3 }, new List<object?> { 4u }];
        SioPacketWriter.WriteArguments(json, "ev", args, options, []);
        Assert.Equal("[\"ev\",1,2.5,true,\"s\",null,\"00000000-0000-0000-0000-000000000000\",{\"n\":3},[4]]", Encoding.UTF8.GetString(json.WrittenSpan));
    }

    public sealed record Sample(string Name, int Count);
}
