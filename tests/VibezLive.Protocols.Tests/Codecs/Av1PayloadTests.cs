using VibezLive.Protocols.Codecs;
using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Codecs;

public class Av1PayloadTests
{
    [Theory]
    [InlineData("18 0a 0b 00 00 00 24 c4 ff df 00 68 02", true)]   // N=1, W=1: sequence header OBU first
    [InlineData("10 32 00", false)]                                   // W=1, continuing sequence
    [InlineData("88 0a 0b", false)]                                   // Z=1: continuation of a fragmented OBU
    [InlineData("08", false)]                                         // header only
    [InlineData("", false)]
    public void IsKeyFrame(string hex, bool expected)
    {
        byte[] payload = Hex.Parse(hex);
        Assert.Equal(expected, Av1Payload.IsKeyFrame(payload));
        Assert.Equal(expected, KeyFrameDetector.IsKeyFrame("video/AV1", payload));
    }
}
