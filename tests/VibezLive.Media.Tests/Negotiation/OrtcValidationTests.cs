using System.Text.Json;
using VibezLive.Media.Negotiation;
using VibezLive.Media.Parameters;

namespace VibezLive.Media.Tests.Negotiation;

using Ortc = VibezLive.Media.Negotiation.Ortc;
using RtpParameters = VibezLive.Media.Parameters.RtpParameters;

/// <summary>Validation defaults and mediasoup's error texts.</summary>
public sealed class OrtcValidationTests
{
    [Fact]
    public void Validation_fills_mediasoup_defaults()
    {
        var p = OrtcJson.Read<RtpParameters>("""
            { "codecs": [ { "mimeType": "audio/opus", "payloadType": 111, "clockRate": 48000,
                            "rtcpFeedback": [ { "type": "transport-cc" } ] } ],
              "encodings": [ { "ssrc": 5 } ] }
            """);

        Ortc.ValidateRtpParameters(p);

        Assert.Equal(1, p.Codecs[0].Channels);
        Assert.Empty(p.Codecs[0].Parameters);
        Assert.Equal("", p.Codecs[0].RtcpFeedback[0].Parameter);
        Assert.Empty(p.HeaderExtensions);
        Assert.False(p.Encodings[0].Dtx);
        Assert.True(p.Rtcp.ReducedSize);
        Assert.Null(p.Rtcp.Cname);
    }

    [Fact]
    public void Video_codecs_lose_channels_and_capabilities_get_kind_from_mime_type()
    {
        var caps = new RtpCapabilities
        {
            Codecs = [new RtpCodecCapability { Kind = MediaKind.Audio, MimeType = "video/VP8", ClockRate = 90000, Channels = 2 }],
        };

        Ortc.ValidateRtpCapabilities(caps);

        Assert.Equal(MediaKind.Video, caps.Codecs[0].Kind);
        Assert.Null(caps.Codecs[0].Channels);
    }

    [Fact]
    public void Empty_encodings_become_one_stream_identified_by_mid()
    {
        var p = new RtpParameters { Mid = "0", Codecs = [Vp8(96)] };

        Ortc.ValidateRtpParameters(p);

        var encoding = Assert.Single(p.Encodings);
        Assert.Null(encoding.Ssrc);
        Assert.Null(encoding.Rid);
    }

    [Theory]
    [InlineData("", 90000, "missing codec.mimeType")]
    [InlineData("VP8", 90000, "invalid codec.mimeType")]
    [InlineData("text/plain", 90000, "invalid codec.mimeType")]
    [InlineData("video/", 90000, "invalid codec.mimeType")]
    [InlineData("video/VP8", 0, "missing codec.clockRate")]
    public void Bad_codecs_are_type_errors_with_mediasoup_texts(string mimeType, int clockRate, string message)
    {
        var p = new RtpParameters { Codecs = [new RtpCodecParameters { MimeType = mimeType, PayloadType = 96, ClockRate = clockRate }] };

        var ex = Assert.Throws<OrtcException>(() => Ortc.ValidateRtpParameters(p));

        Assert.Equal(message, ex.Message);
        Assert.Equal(OrtcErrorKind.TypeError, ex.Kind);
    }

    [Fact]
    public void Rtx_apt_must_be_a_number()
    {
        var rtx = new RtpCodecParameters { MimeType = "video/rtx", PayloadType = 97, ClockRate = 90000 };
        rtx.Parameters["apt"] = "96";
        var p = new RtpParameters { Codecs = [Vp8(96), rtx] };

        Assert.Equal("invalid codec apt parameter", Assert.Throws<OrtcException>(() => Ortc.ValidateRtpParameters(p)).Message);
    }

    [Theory]
    [InlineData(128, "invalid codec.payloadType")]
    [InlineData(-1, "invalid codec.payloadType")]
    public void Payload_types_are_seven_bits(int pt, string message)
    {
        var p = new RtpParameters { Codecs = [Vp8(pt)] };

        Assert.Equal(message, Assert.Throws<OrtcException>(() => Ortc.ValidateRtpParameters(p)).Message);
    }

    [Theory]
    [InlineData("", 1, "missing ext.uri")]
    [InlineData("urn:ietf:params:rtp-hdrext:sdes:mid", 0, "missing ext.id")]
    [InlineData("urn:ietf:params:rtp-hdrext:sdes:mid", 256, "missing ext.id")]
    public void Bad_header_extensions_are_rejected(string uri, int id, string message)
    {
        var p = new RtpParameters { Codecs = [Vp8(96)], HeaderExtensions = [new RtpHeaderExtensionParameters { Uri = uri, Id = id }] };

        Assert.Equal(message, Assert.Throws<OrtcException>(() => Ortc.ValidateRtpParameters(p)).Message);
    }

    [Fact]
    public void Missing_codecs_and_empty_feedback_type_are_rejected()
    {
        Assert.Equal("missing params.codecs", Assert.Throws<OrtcException>(() => Ortc.ValidateRtpParameters(new RtpParameters { Codecs = null! })).Message);

        var codec = Vp8(96);
        codec.RtcpFeedback.Add(new RtcpFeedback(""));
        Assert.Equal("missing fb.type", Assert.Throws<OrtcException>(() => Ortc.ValidateRtpParameters(new RtpParameters { Codecs = [codec] })).Message);
    }

    [Fact]
    public void Client_controlled_lists_are_bounded()
    {
        var manyEncodings = new RtpParameters { Codecs = [Vp8(96)], Encodings = Enumerable.Range(0, 17).Select(i => new RtpEncodingParameters { Ssrc = (uint)i }).ToList() };
        var manyCodecs = new RtpParameters { Codecs = Enumerable.Range(0, 129).Select(_ => Vp8(96)).ToList() };
        var manyCapCodecs = new RtpCapabilities { Codecs = Enumerable.Range(0, 257).Select(_ => new RtpCodecCapability { MimeType = "video/VP8", ClockRate = 90000 }).ToList() };

        Assert.Equal("too many params.encodings", Assert.Throws<OrtcException>(() => Ortc.ValidateRtpParameters(manyEncodings)).Message);
        Assert.Equal("too many params.codecs", Assert.Throws<OrtcException>(() => Ortc.ValidateRtpParameters(manyCodecs)).Message);
        Assert.Equal("too many caps.codecs", Assert.Throws<OrtcException>(() => Ortc.ValidateRtpCapabilities(manyCapCodecs)).Message);
        Ortc.ValidateRtpParameters(new RtpParameters { Codecs = [Vp8(96)], Encodings = manyEncodings.Encodings[..16] });
    }

    [Fact]
    public void Unsupported_media_codec_is_refused_by_the_router()
    {
        RtpCodecCapability[] codecs = [new() { Kind = MediaKind.Video, MimeType = "video/H265", ClockRate = 90000 }];

        var ex = Assert.Throws<OrtcException>(() => Ortc.GenerateRouterRtpCapabilities(codecs));

        Assert.Equal("media codec not supported [mimeType:video/H265]", ex.Message);
        Assert.Equal(OrtcErrorKind.Unsupported, ex.Kind);
    }

    [Fact]
    public void Mono_opus_is_not_supported_because_opus_is_always_two_channels()
    {
        RtpCodecCapability[] codecs = [new() { Kind = MediaKind.Audio, MimeType = "audio/opus", ClockRate = 48000 }];

        Assert.Equal("media codec not supported [mimeType:audio/opus]", Assert.Throws<OrtcException>(() => Ortc.GenerateRouterRtpCapabilities(codecs)).Message);
    }

    [Fact]
    public void Duplicated_preferred_payload_type_is_refused()
    {
        RtpCodecCapability[] codecs =
        [
            new() { MimeType = "video/VP8", ClockRate = 90000 },                            // VP8 takes 100, its RTX 101
            new() { MimeType = "video/VP9", ClockRate = 90000, PreferredPayloadType = 101 }, // collides with VP8's RTX
        ];

        Assert.Equal("duplicated codec.preferredPayloadType", Assert.Throws<OrtcException>(() => Ortc.GenerateRouterRtpCapabilities(codecs)).Message);
    }

    [Fact]
    public void Dynamic_payload_types_run_out_after_32()
    {
        // 16 video codecs take all 32 dynamic payload types (codec + RTX each); the 17th fails.
        var codecs = Enumerable.Range(0, 17).Select(_ => new RtpCodecCapability { MimeType = "video/VP8", ClockRate = 90000 }).ToArray();

        var ex = Assert.Throws<OrtcException>(() => Ortc.GenerateRouterRtpCapabilities(codecs));

        Assert.Equal("cannot allocate more dynamic codec payload types", ex.Message);
        Assert.Equal(OrtcErrorKind.Error, ex.Kind);
        Assert.Equal(32, Ortc.GenerateRouterRtpCapabilities(codecs[..16]).Codecs.Count);
    }

    [Fact]
    public void Payload_types_follow_mediasoup_order_and_static_types_are_kept()
    {
        RtpCodecCapability[] codecs =
        [
            new() { MimeType = "audio/PCMU", ClockRate = 8000 },
            new() { MimeType = "audio/opus", ClockRate = 48000, Channels = 2 },
            new() { MimeType = "video/VP8", ClockRate = 90000, PreferredPayloadType = 96 },
            new() { MimeType = "video/AV1", ClockRate = 90000 },
        ];

        var caps = Ortc.GenerateRouterRtpCapabilities(codecs);

        Assert.Equal(
            ["audio/PCMU:0", "audio/opus:100", "video/VP8:96", "video/rtx:101", "video/AV1:102", "video/rtx:103"],
            caps.Codecs.Select(c => $"{c.MimeType}:{c.PreferredPayloadType}"));
        Assert.Equal(1, caps.Codecs[0].Channels);
    }

    [Fact]
    public void Router_uses_canonical_mime_type_and_supported_feedback()
    {
        RtpCodecCapability[] codecs = [new() { MimeType = "video/vp8", ClockRate = 90000, RtcpFeedback = [new("nack")] }];

        var vp8 = Ortc.GenerateRouterRtpCapabilities(codecs).Codecs[0];

        Assert.Equal("video/VP8", vp8.MimeType);
        Assert.Equal(["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"], vp8.RtcpFeedback.Select(f => f.ToString()));
    }

    [Fact]
    public void Router_generation_does_not_mutate_the_configuration()
    {
        var codecs = MediaCodecDefaults.Default;
        var before = OrtcJson.ToNode(codecs.ToList());

        _ = Ortc.GenerateRouterRtpCapabilities(codecs);

        OrtcJson.AssertEqual(before, OrtcJson.ToNode(codecs.ToList()));
    }

    [Fact]
    public void Invalid_codec_parameter_values_are_rejected_when_reading_json()
    {
        const string Json = """{ "mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000, "parameters": { "x": true } }""";

        Assert.Throws<JsonException>(() => OrtcJson.Read<RtpCodecParameters>(Json));
    }

    [Fact]
    public void Numbers_are_not_read_from_strings()
    {
        const string Json = """{ "mimeType": "video/VP8", "payloadType": "96", "clockRate": 90000 }""";

        Assert.Throws<JsonException>(() => OrtcJson.Read<RtpCodecParameters>(Json));
    }

    internal static RtpCodecParameters Vp8(int pt) => new() { MimeType = "video/VP8", PayloadType = pt, ClockRate = 90000 };
}
