using System.Buffers;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using VibezLive.SocketIO.EngineIO;
using VibezLive.SocketIO.Parser;

namespace VibezLive.SocketIO.Tests.EngineIO;

/// <summary>Fuzz-style properties: arbitrary input never throws; what the writers produce parses back.</summary>
public class EnginePayloadPropertyTests
{
    [FsCheck.Xunit.Property(MaxTest = 500)]
    public Property Arbitrary_payloads_split_without_throwing_and_stay_in_bounds(byte[] payload)
    {
        int offset = 0, packets = 0, bytes = 0, valid = 0;
        while (EnginePayload.TryReadNext(payload, ref offset, out var segment, out bool binary))
        {
            packets++;
            bytes += segment.Length;
            bool ok = binary ? EnginePayload.TryDecodeBase64(segment, out _) : EnginePayload.TryParseText(segment, out _, out _);
            if (ok) valid++;
            if (packets > payload.Length + 1) return Prop.ToProperty(false);
        }
        return Prop.ToProperty(bytes <= payload.Length && valid <= packets);
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Written_payloads_split_back_into_the_same_packets(NonEmptyString[] texts, byte[][] binaries)
    {
        var output = new ArrayBufferWriter<byte>();
        var expected = new List<(string, bool)>();
        bool first = true;
        foreach (var t in texts)
        {
            // A text packet never contains the separator (JSON escapes control characters).
            string text = "4" + t.Get.Replace('\u001e', ' ');
            EnginePayload.WriteText(output, Encoding.UTF8.GetBytes(text), first);
            expected.Add((text, false));
            first = false;
        }
        foreach (var b in binaries ?? [])
        {
            if (b is null) continue;
            EnginePayload.WriteBinary(output, b, first);
            expected.Add((Convert.ToBase64String(b), true));
            first = false;
        }
        var actual = new List<(string, bool)>();
        int offset = 0;
        var written = output.WrittenSpan.ToArray();
        while (expected.Count > 0 && EnginePayload.TryReadNext(written, ref offset, out var segment, out bool binary))
        {
            actual.Add((Encoding.UTF8.GetString(segment), binary));
        }
        return Prop.ToProperty(expected.Count == 0 || expected.SequenceEqual(actual));
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Encoded_events_parse_back(NonEmptyString name, string?[] args, PositiveInt ackId)
    {
        var json = new ArrayBufferWriter<byte>();
        object?[] values = (args ?? []).Select(a => (object?)a).ToArray();
        SioPacketWriter.WriteArguments(json, name.Get, values, JsonSerializerOptions.Web, []);
        var packet = new ArrayBufferWriter<byte>();
        SioPacketWriter.WriteHeader(packet, SioPacketType.Event, 0, "/n", ackId.Get % 1_000_000);
        packet.Write(json.WrittenSpan);
        var error = SioPacketParser.TryParse(packet.WrittenSpan, 10, out var parsed);
        return Prop.ToProperty(error == SioParseError.None
            && parsed!.Data!.Value[0].GetString() == name.Get
            && parsed.Data.Value.GetArrayLength() == values.Length + 1
            && parsed.AckId == ackId.Get % 1_000_000
            && parsed.Namespace == "/n");
    }
}
