using VibezLive.Protocols.Codecs;
using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Codecs;

public class Vp9PayloadDescriptorTests
{
    [Fact]
    public void ChromiumKeyFrameWithScalabilityStructure()
    {
        // I L B V (non-flexible) | 15-bit picture id 0x0102 | T0 U0 S0 D0 | TL0PICIDX 5 |
        // SS: N_S = 2 (3 layers), Y, G | 3 x (w, h) | N_G = 1 | T0 U1 R1 | P_DIFF 1 | frame data
        byte[] payload = Hex.Parse("""
            aa 81 02 00 05
            58 01 40 00 b4 02 80 01 68 05 00 02 d0 01 14 01
            01 02 de ad
            """);

        Assert.True(Vp9PayloadDescriptor.TryParse(payload, out Vp9Descriptor d));
        Assert.True(d.IsKeyFrame);
        Assert.False(d.InterPicturePredicted);
        Assert.False(d.FlexibleMode);
        Assert.True(d.StartOfFrame);
        Assert.True(d.HasScalabilityStructure);
        Assert.Equal(0x0102, d.PictureId);
        Assert.Equal(0, d.TemporalLayer);
        Assert.Equal(0, d.SpatialLayer);
        Assert.Equal(5, d.Tl0PicIdx);
        Assert.Equal(3, d.SpatialLayerCount);
        Assert.Equal(payload.Length - 4, d.HeaderLength); // frame data "01 02 de ad"
        Assert.True(KeyFrameDetector.IsKeyFrame("video/VP9", payload));
    }

    [Fact]
    public void FlexibleModeInterFrame_WithReferences()
    {
        // I P L F B E | 7-bit picture id 9 | T1 U S1 D | P_DIFF 1 (N) | P_DIFF 2 | data
        byte[] payload = Hex.Parse("fc 09 33 03 04 aa");

        Assert.True(Vp9PayloadDescriptor.TryParse(payload, out Vp9Descriptor d));
        Assert.False(d.IsKeyFrame);
        Assert.True(d.InterPicturePredicted);
        Assert.True(d.FlexibleMode);
        Assert.True(d.EndOfFrame);
        Assert.Equal(9, d.PictureId);
        Assert.Equal(1, d.TemporalLayer);
        Assert.True(d.SwitchingUpPoint);
        Assert.Equal(1, d.SpatialLayer);
        Assert.True(d.InterLayerDependency);
        Assert.Equal(-1, d.Tl0PicIdx);
        Assert.Equal(5, d.HeaderLength);
    }

    [Fact]
    public void UpperSpatialLayerOfKeyPicture_IsNotTheKeyFrameStart()
    {
        byte[] payload = Hex.Parse("a8 81 02 02 05 aa"); // I L B, S = 1
        Assert.True(Vp9PayloadDescriptor.TryParse(payload, out Vp9Descriptor d));
        Assert.Equal(1, d.SpatialLayer);
        Assert.False(d.IsKeyFrame);
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]                 // I without picture id
    [InlineData("80 80")]              // M without second byte
    [InlineData("20")]                 // L without layer byte
    [InlineData("20 00")]              // non-flexible L without TL0PICIDX
    [InlineData("50 03 03 03 03")]     // more than 3 P_DIFF
    [InlineData("02")]                 // V without SS
    [InlineData("02 10 00 00")]        // SS with Y but dimensions cut
    [InlineData("02 08")]              // SS with G but no N_G
    [InlineData("02 08 02 04")]        // N_G = 2, one picture with R=1 and no P_DIFF
    public void Truncated_IsRejected(string hex)
    {
        Assert.False(Vp9PayloadDescriptor.TryParse(Hex.Parse(hex), out _));
    }
}
