using VibezLive.Protocols.Codecs;
using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Codecs;

public class H264PayloadTests
{
    [Theory]
    [InlineData("65 88 84 00", true)]                          // single NAL: IDR slice
    [InlineData("67 42 c0 1f", true)]                          // single NAL: SPS
    [InlineData("68 ce 3c 80", false)]                         // single NAL: PPS alone
    [InlineData("41 9a 02 03", false)]                         // single NAL: non-IDR slice
    [InlineData("78 00 04 67 42 c0 1f 00 02 68 ce", true)]     // STAP-A: SPS, PPS (Chromium sends these with the IDR)
    [InlineData("78 00 02 06 05 00 02 41 9a", false)]          // STAP-A: SEI, non-IDR
    [InlineData("78 00 02 06 05 00 02 65 88", true)]           // STAP-A: SEI, IDR
    [InlineData("7c 85 88 84", true)]                          // FU-A start of IDR
    [InlineData("7c 05 88 84", false)]                         // FU-A continuation of IDR
    [InlineData("7c 45 88 84", false)]                         // FU-A end of IDR
    [InlineData("7c 81 9a 02", false)]                         // FU-A start of non-IDR
    [InlineData("", false)]
    [InlineData("78 00 09 67", false)]                         // STAP-A size past the end
    [InlineData("78 00 00 00 02 65 88", false)]                // STAP-A zero-size NAL
    [InlineData("7c 85", false)]                               // FU-A with no data
    public void IsKeyFrame(string hex, bool expected)
    {
        byte[] payload = Hex.Parse(hex);
        Assert.Equal(expected, H264Payload.IsKeyFrame(payload));
        Assert.Equal(expected, KeyFrameDetector.IsKeyFrame("video/H264", payload));
    }

    [Fact]
    public void OtherCodecs_AreNeverKeyFrames()
    {
        Assert.False(KeyFrameDetector.IsKeyFrame("audio/opus", Hex.Parse("65 88 84 00")));
        Assert.False(KeyFrameDetector.IsKeyFrame("video/H265", Hex.Parse("65 88 84 00")));
    }
}
