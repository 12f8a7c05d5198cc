using System.Net;
using VibezLive.Protocols.Codecs;
using VibezLive.Protocols.Demux;
using VibezLive.Protocols.Rtcp;
using VibezLive.Protocols.Rtp;
using VibezLive.Protocols.Stun;

namespace VibezLive.Protocols.Tests.Fuzz;

/// <summary>
/// A fuzz target per parser: the checked-in seeds (which must parse) and a deterministic stream of mutations of
/// them are fed to the parser and every accessor of what it returns. Any exception fails the test and prints the
/// input: add it to the corpus file as a regression seed.
/// </summary>
public class ParserFuzzTests
{
    private const int Iterations = 30_000;

    private static readonly byte[] StunKey = "s3cr3t-ice-password-24ch"u8.ToArray();

    public static TheoryData<string> Targets => ["stun", "rtp", "rtcp", "vp8", "vp9", "h264"];

    [Theory]
    [MemberData(nameof(Targets))]
    public void SeedsParse(string target)
    {
        IReadOnlyList<byte[]> seeds = FuzzCorpus.Load(target);
        Assert.NotEmpty(seeds);
        foreach (byte[] seed in seeds)
        {
            Assert.True(Exercise(target, seed), $"{target} seed does not parse: {Convert.ToHexString(seed)}");
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void MutatedInputs_NeverThrow(string target)
    {
        IReadOnlyList<byte[]> seeds = FuzzCorpus.Load(target);
        var mutator = new Mutator(StableSeed(target), seeds);
        int accepted = 0;
        for (int i = 0; i < Iterations; i++)
        {
            byte[] input = mutator.Next();
            try
            {
                PacketClassifier.Classify(input);
                if (Exercise(target, input))
                {
                    accepted++;
                }
            }
            catch (Exception e)
            {
                Assert.Fail($"{target} iteration {i}: {e.GetType().Name} {e.Message}\ninput: {Convert.ToHexString(input)}");
            }
        }

        // The mutations must still reach the deeper code, not only the length checks.
        Assert.InRange(accepted, Iterations / 50, Iterations);
    }

    // string.GetHashCode is randomized per process; the fuzz stream must be the same in every run.
    private static int StableSeed(string target)
    {
        int seed = 0x5EED;
        foreach (char c in target)
        {
            seed = (seed * 31) + c;
        }

        return seed;
    }

    private static bool Exercise(string target, byte[] input) => target switch
    {
        "stun" => ExerciseStun(input),
        "rtp" => ExerciseRtp(input),
        "rtcp" => ExerciseRtcp(input),
        "vp8" => ExerciseVp8(input),
        "vp9" => ExerciseVp9(input),
        "h264" => ExerciseH264(input),
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    private static bool ExerciseStun(byte[] input)
    {
        if (!StunMessage.TryParse(input, out StunMessage m))
        {
            return false;
        }

        _ = m.Method;
        _ = m.Class;
        Assert.Equal(12, m.TransactionId.Length);
        m.TryGetUsername(out _);
        m.TryGetPriority(out _);
        _ = m.UseCandidate;
        m.TryGetIceControlling(out _);
        m.TryGetIceControlled(out _);
        m.TryGetErrorCode(out _);
        m.TryGetErrorReason(out _);
        Span<byte> address = stackalloc byte[16];
        m.TryGetXorMappedAddress(address, out _, out _);
        m.TryGetXorMappedAddress(out IPEndPoint? _);
        m.VerifyMessageIntegrity(StunKey);
        m.VerifyFingerprint();
        m.TryGetAttribute(0x8022, out _);
        m.TryGetAttribute(0x0015, out _);
        return true;
    }

    private static bool ExerciseRtp(byte[] input)
    {
        if (!RtpPacket.TryParse(input, out RtpPacket p))
        {
            RtpHeaderExtensions.RemapIds((byte[])input.Clone(), Identity);
            return false;
        }

        Assert.Equal(input.Length, p.HeaderLength + p.Payload.Length + p.PaddingLength);
        _ = p.Marker;
        _ = p.PayloadType;
        _ = p.SequenceNumber;
        _ = p.Timestamp;
        _ = p.Ssrc;
        for (int i = 0; i < p.CsrcCount; i++)
        {
            p.GetCsrc(i);
        }

        _ = p.ExtensionProfile;
        _ = p.ExtensionData;
        var elements = new RtpHeaderExtensionReader(p.ExtensionProfile, p.ExtensionData);
        while (elements.TryReadNext(out byte id, out ReadOnlySpan<byte> value, out _))
        {
            Assert.True(p.TryGetExtension(id, out ReadOnlySpan<byte> found));
            Assert.True(found.Length >= 0 && value.Length <= 256);
        }

        p.TryGetExtension(15, out _);
        p.TryGetExtension(255, out _);

        byte[] copy = (byte[])input.Clone();
        byte[] map = new byte[256];
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = (byte)((i * 7) % 15);
        }

        if (!RtpHeaderExtensions.RemapIds(copy, map))
        {
            Assert.Equal(input, copy); // untouched on failure
        }
        else
        {
            Assert.True(RtpPacket.TryParse(copy, out RtpPacket remapped));
            Assert.Equal(p.HeaderLength, remapped.HeaderLength);
        }

        RtpHeaderExtensions.TrySetExtensionValue(copy, 5, [1, 2]);
        RtpHeader.SetSequenceNumber(copy, 1);
        RtpHeader.SetTimestamp(copy, 2);
        RtpHeader.SetSsrc(copy, 3);
        RtpHeader.SetPayloadType(copy, 4);
        RtpHeader.SetMarker(copy, true);
        return true;
    }

    private static bool ExerciseRtcp(byte[] input)
    {
        var reader = new RtcpCompoundReader(input);
        int packets = 0;
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            packets++;
            _ = packet.SenderSsrc;
            _ = packet.MediaSsrc;
            _ = packet.Content;
            if (SenderReport.TryParse(packet, out SenderReport sr))
            {
                _ = sr.NtpTimestamp + sr.RtpTimestamp + sr.PacketCount + sr.OctetCount + sr.Ssrc;
                for (int i = 0; i < sr.ReportCount; i++)
                {
                    sr.GetReportBlock(i);
                }
            }

            if (ReceiverReport.TryParse(packet, out ReceiverReport rr))
            {
                for (int i = 0; i < rr.ReportCount; i++)
                {
                    rr.GetReportBlock(i);
                }
            }

            if (SourceDescription.TryParse(packet, out SourceDescription sdes))
            {
                SdesItemReader items = sdes.GetItems();
                while (items.TryReadNext(out _, out _, out _))
                {
                }

                sdes.TryGetCName(out _, out _);
            }

            if (Goodbye.TryParse(packet, out Goodbye bye))
            {
                for (int i = 0; i < bye.SourceCount; i++)
                {
                    bye.GetSsrc(i);
                }

                _ = bye.Reason;
            }

            if (ApplicationDefined.TryParse(packet, out ApplicationDefined app))
            {
                _ = app.Name;
                _ = app.ApplicationData;
            }

            if (GenericNack.TryParse(packet, out GenericNack nack))
            {
                int lost = 0;
                foreach (ushort _ in nack.GetLostSequenceNumbers())
                {
                    lost++;
                }

                Assert.True(lost <= nack.ItemCount * 17);
            }

            if (PictureLossIndication.TryParse(packet, out PictureLossIndication pli))
            {
                _ = pli.MediaSsrc;
            }

            if (FullIntraRequest.TryParse(packet, out FullIntraRequest fir))
            {
                for (int i = 0; i < fir.EntryCount; i++)
                {
                    fir.GetSsrc(i);
                    fir.GetSequenceNumber(i);
                }
            }

            if (Remb.TryParse(packet, out Remb remb))
            {
                _ = remb.Bitrate;
                for (int i = 0; i < remb.SsrcCount; i++)
                {
                    remb.GetSsrc(i);
                }
            }

            if (TransportCcFeedback.TryParse(packet, out TransportCcFeedback twcc))
            {
                int count = 0;
                foreach (TransportCcFeedback.PacketResult _ in twcc.GetPackets())
                {
                    count++;
                }

                Assert.Equal(twcc.PacketStatusCount, count);
            }
        }

        return packets > 0 && !reader.IsMalformed;
    }

    private static bool ExerciseVp8(byte[] input)
    {
        if (!Vp8PayloadDescriptor.TryParse(input, out Vp8Descriptor d))
        {
            return false;
        }

        Assert.InRange(d.HeaderLength, 1, input.Length);
        byte[] copy = (byte[])input.Clone();
        Vp8PayloadDescriptor.TrySetPictureId(copy, d, 0x7FFF);
        Vp8PayloadDescriptor.TrySetTl0PicIdx(copy, d, 0xFF);
        Assert.True(Vp8PayloadDescriptor.TryParse(copy, out Vp8Descriptor after));
        Assert.Equal(d.HeaderLength, after.HeaderLength);
        return true;
    }

    private static bool ExerciseVp9(byte[] input)
    {
        bool parsed = Vp9PayloadDescriptor.TryParse(input, out Vp9Descriptor d);
        Assert.Equal(parsed && d.IsKeyFrame, KeyFrameDetector.IsKeyFrame("video/VP9", input));
        if (parsed)
        {
            Assert.InRange(d.HeaderLength, 1, input.Length);
        }

        return parsed;
    }

    // H.264 has no descriptor to reject: "accepted" means a NAL unit header was there to look at.
    private static bool ExerciseH264(byte[] input)
    {
        Assert.Equal(H264Payload.IsKeyFrame(input), KeyFrameDetector.IsKeyFrame("video/H264", input));
        return input.Length > 0;
    }

    private static readonly byte[] Identity = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
}
