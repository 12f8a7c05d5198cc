using VibezLive.Protocols.Codecs;
using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Codecs;

public class Vp8PayloadDescriptorTests
{
    [Fact]
    public void ChromiumKeyFrame_AllExtensionFields()
    {
        // X S PID=0 | I L T K | M + 15-bit picture id 0x1234 | TL0PICIDX 9 | TID 0, Y, KEYIDX 3 | key frame header
        byte[] payload = Hex.Parse("90 f0 92 34 09 23 10 02 00 9d 01 2a");

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8Descriptor d));
        Assert.True(d.IsKeyFrame);
        Assert.True(d.StartOfPartition);
        Assert.Equal(0, d.PartitionId);
        Assert.False(d.NonReference);
        Assert.Equal(0x1234, d.PictureId);
        Assert.Equal(15, d.PictureIdBits);
        Assert.Equal(9, d.Tl0PicIdx);
        Assert.Equal(0, d.TemporalLayer);
        Assert.True(d.LayerSync);
        Assert.Equal(3, d.KeyIndex);
        Assert.Equal(6, d.HeaderLength);
        Assert.True(KeyFrameDetector.IsKeyFrame("video/VP8", payload));
        Assert.True(KeyFrameDetector.IsKeyFrame("video/vp8", payload));
    }

    [Fact]
    public void InterFrame_WithSevenBitPictureIdAndTemporalLayer()
    {
        // X N S | I T | 7-bit picture id 0x55 | TID 2 | inter frame (P = 1)
        byte[] payload = Hex.Parse("b0 a0 55 80 01 aa bb");

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8Descriptor d));
        Assert.False(d.IsKeyFrame);
        Assert.True(d.NonReference);
        Assert.Equal(0x55, d.PictureId);
        Assert.Equal(7, d.PictureIdBits);
        Assert.Equal(-1, d.Tl0PicIdx);
        Assert.Equal(2, d.TemporalLayer);
        Assert.Equal(-1, d.KeyIndex);
        Assert.Equal(4, d.HeaderLength);
    }

    [Fact]
    public void MinimalDescriptor_ContinuationPacketIsNotKeyFrame()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(Hex.Parse("00 10 02 00"), out Vp8Descriptor d)); // S = 0
        Assert.False(d.IsKeyFrame);
        Assert.Equal(-1, d.PictureId);
        Assert.Equal(1, d.HeaderLength);

        Assert.True(Vp8PayloadDescriptor.TryParse(Hex.Parse("11 10 02 00"), out d)); // S = 1, PID = 1
        Assert.False(d.IsKeyFrame);
        Assert.Equal(1, d.PartitionId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]            // X without the extension byte
    [InlineData("80 80")]         // I without picture id
    [InlineData("80 80 80")]      // M without the second byte
    [InlineData("80 40")]         // L without TL0PICIDX
    [InlineData("80 20")]         // T without TID byte
    public void Truncated_IsRejected(string hex)
    {
        Assert.False(Vp8PayloadDescriptor.TryParse(Hex.Parse(hex), out _));
        Assert.False(KeyFrameDetector.IsKeyFrame("video/VP8", Hex.Parse(hex)));
    }

    [Fact]
    public void PictureIdAndTl0_AreRewrittenInPlaceKeepingWidth()
    {
        byte[] payload = Hex.Parse("90 f0 92 34 09 23 10 02 00 9d 01 2a");
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8Descriptor d));

        Assert.True(Vp8PayloadDescriptor.TrySetPictureId(payload, d, 0x8001)); // wraps to 15 bits
        Assert.True(Vp8PayloadDescriptor.TrySetTl0PicIdx(payload, d, 200));

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8Descriptor rewritten));
        Assert.Equal(1, rewritten.PictureId);
        Assert.Equal(15, rewritten.PictureIdBits);
        Assert.Equal(200, rewritten.Tl0PicIdx);
        Assert.True(rewritten.IsKeyFrame);

        byte[] small = Hex.Parse("b0 a0 55 80 01 aa bb");
        Assert.True(Vp8PayloadDescriptor.TryParse(small, out Vp8Descriptor s));
        Assert.True(Vp8PayloadDescriptor.TrySetPictureId(small, s, 0x1FF));
        Assert.True(Vp8PayloadDescriptor.TryParse(small, out s));
        Assert.Equal(0x7F, s.PictureId);
        Assert.False(Vp8PayloadDescriptor.TrySetTl0PicIdx(small, s, 1));
    }
}
