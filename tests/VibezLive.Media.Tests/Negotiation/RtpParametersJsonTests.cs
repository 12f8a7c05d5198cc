using System.Text.Json.Nodes;
using VibezLive.Media.Negotiation;
using VibezLive.Media.Parameters;

namespace VibezLive.Media.Tests.Negotiation;

using Ortc = VibezLive.Media.Negotiation.Ortc;
using RtpParameters = VibezLive.Media.Parameters.RtpParameters;

/// <summary>The JSON the browser sees: value types, omitted members, enum spellings.</summary>
public sealed class RtpParametersJsonTests
{
    [Fact]
    public void Codec_parameters_keep_number_versus_string()
    {
        var caps = Ortc.GenerateRouterRtpCapabilities(MediaCodecDefaults.Default);
        var json = OrtcJson.ToNode(caps)["codecs"]!.AsArray();

        foreach (var codec in json)
        {
            var parameters = codec!["parameters"]!.AsObject();
            foreach (var (key, value) in parameters)
            {
                var expected = key is "profile-level-id" ? System.Text.Json.JsonValueKind.String : System.Text.Json.JsonValueKind.Number;
                Assert.True(expected == value!.GetValueKind(), $"{codec["mimeType"]} {key} is {value.GetValueKind()}");
            }
        }

        Assert.Contains(json, c => c!["parameters"]!["apt"] is { } apt && apt.GetValueKind() == System.Text.Json.JsonValueKind.Number);
    }

    [Fact]
    public void Values_round_trip_with_their_type()
    {
        const string Json = """{"mimeType":"video/H264","payloadType":102,"clockRate":90000,"parameters":{"packetization-mode":1,"profile-level-id":"42e01f","level":"1","ratio":0.5,"big":4294967296},"rtcpFeedback":[]}""";

        var codec = OrtcJson.Read<RtpCodecParameters>(Json);

        Assert.True(codec.Parameters["packetization-mode"].IsNumber);
        Assert.True(codec.Parameters["level"].IsString);
        Assert.NotEqual(codec.Parameters["level"], (CodecParameterValue)1);
        Assert.Equal(Json, OrtcJson.ToNode(codec).ToJsonString());
    }

    [Fact]
    public void Unset_members_are_omitted_like_mediasoup_undefined()
    {
        var video = new RtpCodecParameters { MimeType = "video/VP8", PayloadType = 101, ClockRate = 90000 };
        var encoding = new RtpEncodingParameters { Ssrc = 5 };

        Assert.Equal("""{"mimeType":"video/VP8","payloadType":101,"clockRate":90000,"parameters":{},"rtcpFeedback":[]}""", OrtcJson.ToNode(video).ToJsonString());
        Assert.Equal("""{"ssrc":5}""", OrtcJson.ToNode(encoding).ToJsonString());
        Assert.Equal("""{"codecs":[],"headerExtensions":[],"encodings":[],"rtcp":{"reducedSize":true}}""", OrtcJson.ToNode(new RtpParameters()).ToJsonString());
    }

    [Fact]
    public void Kinds_and_directions_use_mediasoup_spelling()
    {
        var ext = new RtpHeaderExtension { Kind = MediaKind.Video, Uri = RtpHeaderExtensionUri.RtpStreamId, PreferredId = 2, Direction = RtpHeaderExtensionDirection.RecvOnly };

        var node = OrtcJson.ToNode(ext);

        Assert.Equal("video", node["kind"]!.GetValue<string>());
        Assert.Equal("recvonly", node["direction"]!.GetValue<string>());
        Assert.False(node["preferredEncrypt"]!.GetValue<bool>());
        var back = OrtcJson.Read<RtpHeaderExtension>(node);
        Assert.Equal(RtpHeaderExtensionDirection.RecvOnly, back.Direction);
        Assert.Equal(MediaKind.Video, OrtcJson.Read<MediaKind>(JsonValue.Create("video")!));
    }

    [Fact]
    public void Default_media_codecs_give_the_expected_router_table()
    {
        var caps = Ortc.GenerateRouterRtpCapabilities(MediaCodecDefaults.Default);

        Assert.Equal(
            [
                "audio/opus:100", "video/VP8:101", "video/rtx:102", "video/VP9:103", "video/rtx:104", "video/VP9:105",
                "video/rtx:106", "video/H264:107", "video/rtx:108", "video/H264:109", "video/rtx:110", "video/AV1:111",
                "video/rtx:112",
            ],
            caps.Codecs.Select(c => $"{c.MimeType}:{c.PreferredPayloadType}"));
        Assert.All(caps.Codecs.Where(c => c.Kind == MediaKind.Video && c.MimeType != "video/rtx"), c => Assert.Equal(1000, c.Parameters["x-google-start-bitrate"].NumberValue));
        Assert.Equal(2, caps.Codecs[0].Channels);
        Assert.Equal(16, caps.HeaderExtensions.Count);
    }

    [Fact]
    public void Clones_are_deep()
    {
        var caps = Ortc.GenerateRouterRtpCapabilities(MediaCodecDefaults.Default);
        var copy = caps.Clone();

        copy.Codecs[1].Parameters["x-google-start-bitrate"] = 1;
        copy.Codecs[1].RtcpFeedback.Clear();
        copy.HeaderExtensions[0].PreferredId = 9;

        Assert.Equal(1000, caps.Codecs[1].Parameters["x-google-start-bitrate"].NumberValue);
        Assert.Equal(5, caps.Codecs[1].RtcpFeedback.Count);
        Assert.Equal(1, caps.HeaderExtensions[0].PreferredId);
        Assert.NotSame(SupportedRtpCapabilities.Value, SupportedRtpCapabilities.Value);
    }
}
