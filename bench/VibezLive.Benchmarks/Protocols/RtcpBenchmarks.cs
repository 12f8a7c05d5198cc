using BenchmarkDotNet.Attributes;
using VibezLive.Protocols.Rtcp;

namespace VibezLive.Benchmarks.Protocols;

/// <summary>Reading a typical compound RTCP datagram from a browser, and building transport-wide CC feedback.</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class RtcpBenchmarks
{
    // RR (1 block) + SDES CNAME + REMB + generic NACK + TWCC (4 packets) + PLI.
    private readonly byte[] _compound = Convert.FromHexString(
        "81c90007" + "00000001" + "11223344" + "05ffffff" + "00011234" + "00000020" + "abcdef01" + "00018000"
        + "81ca0003" + "00000001" + "0105616263646500"
        + "8fce0005" + "00000001" + "00000000" + "52454d42" + "010bd090" + "11223344"
        + "81cd0003" + "00000001" + "11223344" + "00640005"
        + "8fcd0006" + "00000001" + "11223344" + "00010004" + "00000205" + "d24001ff" + "38020000"
        + "81ce0002" + "00000001" + "11223344");

    private readonly byte[] _output = new byte[1500];
    private readonly long[] _arrivals = BuildArrivals();

    [Benchmark]
    public long ParseCompound()
    {
        long sum = 0;
        var reader = new RtcpCompoundReader(_compound);
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            switch (packet.Type)
            {
                case RtcpPacketType.ReceiverReport when ReceiverReport.TryParse(packet, out ReceiverReport rr):
                    sum += rr.GetReportBlock(0).HighestSequence;
                    break;
                case RtcpPacketType.SourceDescription when SourceDescription.TryParse(packet, out SourceDescription sdes):
                    sum += sdes.TryGetCName(out _, out ReadOnlySpan<byte> cname) ? cname.Length : 0;
                    break;
                case RtcpPacketType.TransportFeedback when GenericNack.TryParse(packet, out GenericNack nack):
                    foreach (ushort seq in nack.GetLostSequenceNumbers())
                    {
                        sum += seq;
                    }

                    break;
                case RtcpPacketType.TransportFeedback when TransportCcFeedback.TryParse(packet, out TransportCcFeedback twcc):
                    foreach (TransportCcFeedback.PacketResult result in twcc.GetPackets())
                    {
                        sum += result.DeltaTicks;
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when Remb.TryParse(packet, out Remb remb):
                    sum += (long)remb.Bitrate;
                    break;
                case RtcpPacketType.PayloadFeedback when PictureLossIndication.TryParse(packet, out PictureLossIndication pli):
                    sum += pli.MediaSsrc;
                    break;
            }
        }

        return reader.IsMalformed ? -1 : sum;
    }

    /// <summary>Feedback for 100 packets (10% lost), as sent every ~100 ms at 1,000 packets per second.</summary>
    [Benchmark]
    public int BuildTransportCcFeedback()
    {
        TransportCcFeedback.TryWrite(_output, 1, 2, 100, 7, _arrivals, out int written);
        return written;
    }

    private static long[] BuildArrivals()
    {
        long[] arrivals = new long[100];
        for (int i = 0; i < arrivals.Length; i++)
        {
            arrivals[i] = i % 10 == 3 ? -1 : 1_000_000 + (i * 1_300);
        }

        return arrivals;
    }
}
