using System.Buffers;
using System.Text;
using VibezLive.SocketIO.EngineIO;

namespace VibezLive.SocketIO.Tests.EngineIO;

public class EnginePayloadTests
{
    private static List<(string Text, bool Binary)> Split(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        var result = new List<(string, bool)>();
        int offset = 0;
        while (EnginePayload.TryReadNext(bytes, ref offset, out var segment, out bool binary)) result.Add((Encoding.UTF8.GetString(segment), binary));
        return result;
    }

    [Fact]
    public void Payload_is_split_on_the_record_separator()
    {
        Assert.Equal([("4hello", false), ("2", false), ("AQID", true)], Split("4hello\u001e2\u001ebAQID"));
        Assert.Equal([("4\u00e9\ud83d\ude00", false)], Split("4\u00e9\ud83d\ude00"));
    }

    [Fact]
    public void Text_packet_type_is_its_first_digit()
    {
        Assert.True(EnginePayload.TryParseText("4hi"u8, out var type, out int offset));
        Assert.Equal(EnginePacketType.Message, type);
        Assert.Equal(1, offset);
        Assert.True(EnginePayload.TryParseText("6"u8, out type, out _));
        Assert.Equal(EnginePacketType.Noop, type);
        Assert.False(EnginePayload.TryParseText("7"u8, out _, out _));
        Assert.False(EnginePayload.TryParseText("x"u8, out _, out _));
        Assert.False(EnginePayload.TryParseText(""u8, out _, out _));
    }

    [Theory]
    [InlineData("AQID", new byte[] { 1, 2, 3 })]
    [InlineData("", new byte[0])]
    [InlineData("/w==", new byte[] { 255 })]
    public void Base64_decodes(string base64, byte[] expected)
    {
        Assert.True(EnginePayload.TryDecodeBase64(Encoding.ASCII.GetBytes(base64), out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("!!!!")]
    [InlineData("AQI")]
    [InlineData("A===")]
    public void Bad_base64_is_rejected(string base64) => Assert.False(EnginePayload.TryDecodeBase64(Encoding.ASCII.GetBytes(base64), out _));

    [Fact]
    public void Writing_joins_text_and_binary()
    {
        var output = new ArrayBufferWriter<byte>();
        EnginePayload.WriteText(output, "42[\"a\"]"u8, first: true);
        EnginePayload.WriteBinary(output, [1, 2, 3], first: false);
        EnginePayload.WriteText(output, "2"u8, first: false);
        Assert.Equal("42[\"a\"]\u001ebAQID\u001e2", Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal([("42[\"a\"]", false), ("AQID", true), ("2", false)], Split(Encoding.UTF8.GetString(output.WrittenSpan)));
    }

    [Fact]
    public void Error_messages_are_the_reference_texts()
    {
        Assert.Equal("Transport unknown", EngineErrors.Message(EngineErrorCode.UnknownTransport));
        Assert.Equal("Session ID unknown", EngineErrors.Message(EngineErrorCode.UnknownSid));
        Assert.Equal("Bad handshake method", EngineErrors.Message(EngineErrorCode.BadHandshakeMethod));
        Assert.Equal("Bad request", EngineErrors.Message(EngineErrorCode.BadRequest));
        Assert.Equal("Forbidden", EngineErrors.Message(EngineErrorCode.Forbidden));
        Assert.Equal("Unsupported protocol version", EngineErrors.Message(EngineErrorCode.UnsupportedProtocolVersion));
        Assert.Equal(403, EngineErrors.StatusCode(EngineErrorCode.Forbidden));
        Assert.Equal(400, EngineErrors.StatusCode(EngineErrorCode.UnknownSid));
    }
}
