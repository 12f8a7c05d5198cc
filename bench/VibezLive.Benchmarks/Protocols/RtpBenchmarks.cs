using BenchmarkDotNet.Attributes;
using VibezLive.Protocols.Demux;
using VibezLive.Protocols.Rtp;

namespace VibezLive.Benchmarks.Protocols;

/// <summary>
/// The per-consumer forwarding work on a 1,200-byte VP8 packet (one-byte extensions: mid, abs-send-time,
/// transport-wide seq): classify + parse, then rewrite sequence number, timestamp, SSRC, payload type and the
/// transport-wide sequence number in place.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class RtpBenchmarks
{
    private readonly byte[] _packet = BuildPacket();
    private readonly byte[] _map = BuildMap();
    private readonly byte[] _twcc = [0, 0];
    private ushort _seq;

    [Benchmark]
    public int Parse()
    {
        if (PacketClassifier.Classify(_packet) != PacketKind.Rtp || !RtpPacket.TryParse(_packet, out RtpPacket packet))
        {
            return -1;
        }

        return packet.SequenceNumber + packet.Payload.Length;
    }

    [Benchmark]
    public int ParseAndRewriteHeader()
    {
        Span<byte> buffer = _packet;
        if (!RtpPacket.TryParse(buffer, out RtpPacket packet))
        {
            return -1;
        }

        ushort seq = _seq++;
        RtpHeader.SetSequenceNumber(buffer, seq);
        RtpHeader.SetTimestamp(buffer, packet.Timestamp + 3000);
        RtpHeader.SetSsrc(buffer, 0xCAFEBABE);
        RtpHeader.SetPayloadType(buffer, 101);
        _twcc[0] = (byte)(seq >> 8);
        _twcc[1] = (byte)seq;
        RtpHeaderExtensions.TrySetExtensionValue(buffer, 5, _twcc);
        return packet.Payload.Length;
    }

    [Benchmark]
    public bool RemapExtensionIds() => RtpHeaderExtensions.RemapIds(_packet, _map);

    private static byte[] BuildPacket()
    {
        byte[] header = Convert.FromHexString(
            "90e012345a5a5a5a11223344" + "bede0003" + "1030" + "420abcde" + "510007" + "000000" + "90802a01" + "1002009d012a8002e001");
        byte[] packet = new byte[1200];
        header.CopyTo(packet, 0);
        for (int i = header.Length; i < packet.Length; i++)
        {
            packet[i] = (byte)i;
        }

        return packet;
    }

    private static byte[] BuildMap()
    {
        byte[] map = new byte[256];
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = (byte)i;
        }

        map[4] = 3; // swap 3 <-> 4 so that every run rewrites
        map[3] = 4;
        return map;
    }
}
