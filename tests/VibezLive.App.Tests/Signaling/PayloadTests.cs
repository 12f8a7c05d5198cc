using System.Text.Json;
using VibezLive.App.Signaling;
using VibezLive.Media.Parameters;

namespace VibezLive.App.Tests.Signaling;

public sealed class PayloadTests
{
    private static Payload Parse(string json) => new(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Fields_of_the_right_type_are_read()
    {
        var p = Parse("""{"roomId":"r1","sender":true,"spatialLayer":2,"appData":{"source":"mic"}}""");
        Assert.Equal("r1", p.RequireString("roomId", 64));
        Assert.True(p.RequireBool("sender"));
        Assert.Equal(2, p.RequireInt("spatialLayer", 0, 15));
        Assert.Equal("mic", p.OptionalObject("appData", 100)!.Value.GetProperty("source").GetString());
        Assert.Null(p.OptionalString("displayName", 10));
        Assert.Null(p.OptionalInt("temporalLayer", 0, 15));
    }

    [Theory]
    [InlineData("""{"roomId":5}""")]
    [InlineData("""{"roomId":""}""")]
    [InlineData("""{}""")]
    [InlineData("""{"roomId":"0123456789"}""")] // longer than the limit below
    public void Wrong_types_missing_and_oversized_fields_are_bad_requests(string json)
    {
        var e = Assert.Throws<SignalingException>(() => Parse(json).RequireString("roomId", 5));
        Assert.Equal(ErrorCodes.BadRequest, e.Code);
        Assert.Contains("roomId", e.Message);
    }

    [Fact]
    public void Null_counts_as_absent()
    {
        var p = Parse("""{"transportId":null,"sender":null}""");
        Assert.Null(p.OptionalString("transportId", 64));
        Assert.Null(p.OptionalBool("sender"));
        Assert.Throws<SignalingException>(() => p.RequireBool("sender"));
    }

    [Fact]
    public void Oversized_objects_and_out_of_range_integers_are_refused()
    {
        var p = Parse("""{"appData":{"x":"0123456789012345678901234567890"},"spatialLayer":99,"frac":1.5}""");
        Assert.Throws<SignalingException>(() => p.OptionalObject("appData", 16));
        Assert.Throws<SignalingException>(() => p.RequireInt("spatialLayer", 0, 15));
        Assert.Throws<SignalingException>(() => p.RequireInt("frac", 0, 15));
    }

    [Fact]
    public void Mediasoup_shapes_deserialize_and_malformed_ones_are_bad_requests()
    {
        var ok = Parse("""{"rtpParameters":{"codecs":[{"mimeType":"audio/opus","payloadType":111,"clockRate":48000,"channels":2,"parameters":{"useinbandfec":1},"rtcpFeedback":[]}],"encodings":[{"ssrc":1}]}}""");
        var rtp = ok.RequireModel("rtpParameters", MediaJsonContext.Default.RtpParameters);
        Assert.Equal("audio/opus", rtp.Codecs[0].MimeType);

        var bad = Parse("""{"rtpParameters":{"codecs":"opus"}}""");
        Assert.Equal(ErrorCodes.BadRequest, Assert.Throws<SignalingException>(() => bad.RequireModel("rtpParameters", MediaJsonContext.Default.RtpParameters)).Code);
        var notObject = Parse("""{"rtpParameters":[1]}""");
        Assert.Throws<SignalingException>(() => notObject.RequireModel("rtpParameters", MediaJsonContext.Default.RtpParameters));
    }

    [Fact]
    public void Dtls_parameters_need_their_fingerprints()
    {
        var missing = Parse("""{"dtlsParameters":{"role":"client"}}""");
        Assert.Throws<SignalingException>(() => missing.RequireModel("dtlsParameters", AppJsonContext.Default.DtlsParameters));
        var ok = Parse("""{"dtlsParameters":{"role":"client","fingerprints":[{"algorithm":"sha-256","value":"AB:CD"}]}}""");
        Assert.Single(ok.RequireModel("dtlsParameters", AppJsonContext.Default.DtlsParameters).Fingerprints);
    }
}
