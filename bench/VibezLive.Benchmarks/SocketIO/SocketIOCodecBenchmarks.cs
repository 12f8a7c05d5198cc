using System.Buffers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using VibezLive.SocketIO.EngineIO;
using VibezLive.SocketIO.Parser;

namespace VibezLive.Benchmarks.SocketIO;

/// <summary>
/// Signaling codecs: decoding a typical chat-sized EVENT with an ack id, encoding the same event (what a broadcast
/// does once per emit, whatever the number of recipients), and splitting a 10-packet long-polling payload.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class SocketIOCodecBenchmarks
{
    private readonly byte[] _event = Encoding.UTF8.GetBytes("2/room,12[\"chat\",{\"user\":\"alice\",\"text\":\"hello world\",\"ts\":1700000000000}]");
    private readonly byte[] _payload = Encoding.UTF8.GetBytes(string.Join('\u001e', Enumerable.Repeat("42[\"chat\",{\"text\":\"hello\"}]", 9).Append("bAQIDBAUGBwg=")));
    private readonly JsonElement _message = JsonDocument.Parse("{\"user\":\"alice\",\"text\":\"hello world\",\"ts\":1700000000000}").RootElement.Clone();
    private readonly ArrayBufferWriter<byte> _json = new(256);
    private readonly ArrayBufferWriter<byte> _packet = new(256);
    private readonly List<byte[]> _attachments = [];
    private readonly JsonSerializerOptions _options = new(JsonSerializerDefaults.Web);

    [Benchmark]
    public int ParseEvent()
    {
        SioPacketParser.TryParse(_event, 10, out var packet);
        return packet!.AckId;
    }

    [Benchmark]
    public int EncodeEvent()
    {
        _json.ResetWrittenCount();
        _packet.ResetWrittenCount();
        _attachments.Clear();
        SioPacketWriter.WriteArguments(_json, "chat", [_message], _options, _attachments);
        SioPacketWriter.WriteHeader(_packet, SioPacketType.Event, 0, "/room", -1);
        _packet.Write(_json.WrittenSpan);
        return _packet.WrittenCount;
    }

    [Benchmark]
    public int SplitPollingPayload()
    {
        int offset = 0, count = 0;
        while (EnginePayload.TryReadNext(_payload, ref offset, out var segment, out _)) count += segment.Length;
        return count;
    }
}
