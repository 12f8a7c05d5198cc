using VibezLive.Protocols.Codecs;
using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Codecs;

public class CodecAllocationTests
{
    [Fact]
    public void KeyFrameDetection_AllocatesZeroBytes()
    {
        byte[] vp8 = Hex.Parse("90 f0 92 34 09 23 10 02 00 9d 01 2a");
        byte[] vp9 = Hex.Parse("aa 81 02 00 05 58 01 40 00 b4 02 80 01 68 05 00 02 d0 01 14 01 01 02 de ad");
        byte[] h264 = Hex.Parse("78 00 02 06 05 00 02 65 88");

        int keys = Run(vp8, vp9, h264, 10);
        long before = GC.GetAllocatedBytesForCurrentThread();
        keys += Run(vp8, vp9, h264, 10_000);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(3 * 10_010, keys);
    }

    private static int Run(byte[] vp8, byte[] vp9, byte[] h264, int iterations)
    {
        int keys = 0;
        for (int i = 0; i < iterations; i++)
        {
            keys += KeyFrameDetector.IsKeyFrame("video/VP8", vp8) ? 1 : 0;
            keys += KeyFrameDetector.IsKeyFrame("video/VP9", vp9) ? 1 : 0;
            keys += KeyFrameDetector.IsKeyFrame("video/H264", h264) ? 1 : 0;
        }

        return keys;
    }
}
