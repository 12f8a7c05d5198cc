using System.Text;
using VibezLive.Protocols.Demux;
using VibezLive.Protocols.Rtcp;
using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Rtcp;

/// <summary>RTCP from a real Chromium 156 sender (Fuzz/Corpora/chromium-rtcp.txt, SRTCP-decrypted).</summary>
public class ChromiumRtcpCaptureTests
{
    [Fact]
    public void SenderReportAndSdes_Compound()
    {
        IReadOnlyList<byte[]> compounds = FuzzCorpus.Load("chromium-rtcp");
        byte[] video = compounds[0];
        Assert.Equal(PacketKind.Rtcp, PacketClassifier.Classify(video));

        var reader = new RtcpCompoundReader(video);
        Assert.True(reader.TryReadNext(out RtcpPacket first));
        Assert.True(SenderReport.TryParse(first, out SenderReport sr));
        Assert.Equal(0xc777d6acu, sr.Ssrc);
        Assert.Equal(0xeeafc929cd3ac4f7ul, sr.NtpTimestamp);
        Assert.Equal(0xb70e6ff8u, sr.RtpTimestamp);
        Assert.Equal(20u, sr.PacketCount);
        Assert.Equal(0x25f5u, sr.OctetCount);
        Assert.Equal(0, sr.ReportCount);

        // NTP era 0 seconds 0xeeafc929 is in 2026/2027: the capture's wall clock.
        long unixSeconds = NtpTime.ToUnixMicroseconds(sr.NtpTimestamp) / 1_000_000;
        Assert.InRange(DateTimeOffset.FromUnixTimeSeconds(unixSeconds).Year, 2026, 2027);

        Assert.True(reader.TryReadNext(out RtcpPacket second));
        Assert.True(SourceDescription.TryParse(second, out SourceDescription sdes));
        Assert.True(sdes.TryGetCName(out uint ssrc, out ReadOnlySpan<byte> cname));
        Assert.Equal(0xc777d6acu, ssrc);
        Assert.Equal("Jbv7IKAVHGxLZGFr", Encoding.ASCII.GetString(cname));
        Assert.False(reader.TryReadNext(out _));
        Assert.False(reader.IsMalformed);

        // The audio stream's compound carries the same CNAME (one participant).
        reader = new RtcpCompoundReader(compounds[1]);
        Assert.True(reader.TryReadNext(out first));
        Assert.True(SenderReport.TryParse(first, out sr));
        Assert.Equal(0x873c9a57u, sr.Ssrc);
        Assert.True(reader.TryReadNext(out second));
        Assert.True(SourceDescription.TryParse(second, out sdes));
        Assert.True(sdes.TryGetCName(out _, out cname));
        Assert.Equal("Jbv7IKAVHGxLZGFr", Encoding.ASCII.GetString(cname));
    }

    [Fact]
    public void WritersReproduceChromiumsCompound()
    {
        byte[] expected = FuzzCorpus.Load("chromium-rtcp")[0];
        byte[] buffer = new byte[128];
        Assert.True(SenderReport.TryWrite(buffer, 0xc777d6ac, 0xeeafc929cd3ac4f7, 0xb70e6ff8, 20, 0x25f5, [], out int sr));
        Assert.True(SourceDescription.TryWrite(buffer.AsSpan(sr), 0xc777d6ac, "Jbv7IKAVHGxLZGFr"u8, out int sdes));
        Assert.Equal(expected, buffer.AsSpan(0, sr + sdes).ToArray());
    }
}
