using VibezLive.Protocols.Rtcp;
using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Rtcp;

/// <summary>Reading a compound RTCP datagram and building feedback allocate nothing.</summary>
public class RtcpAllocationTests
{
    [Fact]
    public void CompoundParseAndFeedbackBuild_AllocateZeroBytes()
    {
        byte[] compound = RtcpSamples.Compound(
            RtcpSamples.ReceiverReport, RtcpSamples.SourceDescription, RtcpSamples.Remb, RtcpSamples.GenericNack,
            RtcpSamples.TransportCcTwoBitVector, RtcpSamples.PictureLossIndication);
        byte[] output = new byte[1500];
        long[] arrivals = new long[100];
        for (int i = 0; i < arrivals.Length; i++)
        {
            arrivals[i] = i % 10 == 3 ? -1 : 1_000_000 + (i * 1_300);
        }

        ushort[] lost = [10, 11, 15, 40];
        ReportBlock[] blocks = [new() { Ssrc = 1, HighestSequence = 70_000 }];

        long sum = Run(compound, output, arrivals, lost, blocks, 50);
        long before = GC.GetAllocatedBytesForCurrentThread();
        sum += Run(compound, output, arrivals, lost, blocks, 2_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }

    private static long Run(byte[] compound, byte[] output, long[] arrivals, ushort[] lost, ReportBlock[] blocks, int iterations)
    {
        long sum = 0;
        for (int i = 0; i < iterations; i++)
        {
            var reader = new RtcpCompoundReader(compound);
            while (reader.TryReadNext(out RtcpPacket packet))
            {
                if (ReceiverReport.TryParse(packet, out ReceiverReport rr))
                {
                    sum += rr.GetReportBlock(0).HighestSequence;
                }
                else if (GenericNack.TryParse(packet, out GenericNack nack))
                {
                    foreach (ushort seq in nack.GetLostSequenceNumbers())
                    {
                        sum += seq;
                    }
                }
                else if (TransportCcFeedback.TryParse(packet, out TransportCcFeedback twcc))
                {
                    foreach (TransportCcFeedback.PacketResult result in twcc.GetPackets())
                    {
                        sum += result.DeltaTicks;
                    }
                }
                else if (Remb.TryParse(packet, out Remb remb))
                {
                    sum += (long)remb.Bitrate;
                }
                else if (SourceDescription.TryParse(packet, out SourceDescription sdes) && sdes.TryGetCName(out _, out ReadOnlySpan<byte> cname))
                {
                    sum += cname.Length;
                }
            }

            TransportCcFeedback.TryWrite(output, 1, 2, 100, (byte)i, arrivals, out int written);
            sum += written;
            GenericNack.TryWrite(output, 1, 2, lost, out written);
            sum += written;
            ReceiverReport.TryWrite(output, 1, blocks, out written);
            sum += written;
            PictureLossIndication.TryWrite(output, 1, 2, out written);
            sum += written;
        }

        return sum;
    }
}
