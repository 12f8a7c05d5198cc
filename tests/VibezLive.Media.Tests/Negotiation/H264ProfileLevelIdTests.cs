using VibezLive.Media.Negotiation;
using VibezLive.Media.Parameters;

namespace VibezLive.Media.Tests.Negotiation;

using Ortc = VibezLive.Media.Negotiation.Ortc;
using RtpParameters = VibezLive.Media.Parameters.RtpParameters;

/// <summary>RFC 6184 profile-level-id parsing and negotiation, and its effect on producing and consuming.</summary>
public sealed class H264ProfileLevelIdTests
{
    [Theory]
    [InlineData("42e01f", H264Profile.ConstrainedBaseline, 31)]
    [InlineData("42c01f", H264Profile.ConstrainedBaseline, 31)]
    [InlineData("4d801f", H264Profile.ConstrainedBaseline, 31)]
    [InlineData("58c01f", H264Profile.ConstrainedBaseline, 31)]
    [InlineData("42001f", H264Profile.Baseline, 31)]
    [InlineData("58801f", H264Profile.Baseline, 31)]
    [InlineData("4d0032", H264Profile.Main, 50)]
    [InlineData("4D0032", H264Profile.Main, 50)]
    [InlineData("640c1f", H264Profile.ConstrainedHigh, 31)]
    [InlineData("640034", H264Profile.High, 52)]
    [InlineData("f4001f", H264Profile.PredictiveHigh444, 31)]
    [InlineData("42f00b", H264Profile.ConstrainedBaseline, H264ProfileLevelId.Level1b)]
    [InlineData("42100b", H264Profile.Baseline, H264ProfileLevelId.Level1b)]
    public void Parses_profiles_and_levels(string text, H264Profile profile, int level)
    {
        Assert.True(H264ProfileLevelId.TryParse(text, out var parsed));
        Assert.Equal(new H264ProfileLevelId(profile, level), parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("42e01")]
    [InlineData("42e01fa")]
    [InlineData("zze01f")]
    [InlineData("42e021")] // level 3.3 does not exist
    [InlineData("ff001f")] // unknown profile_idc
    [InlineData("42e11f")] // reserved low bits set
    [InlineData("640d1f")]
    public void Rejects_malformed_or_unknown(string text) => Assert.False(H264ProfileLevelId.TryParse(text, out _));

    [Theory]
    [InlineData(H264Profile.ConstrainedBaseline, 31, "42e01f")]
    [InlineData(H264Profile.Main, 50, "4d0032")]
    [InlineData(H264Profile.ConstrainedHigh, 40, "640c28")]
    [InlineData(H264Profile.ConstrainedBaseline, H264ProfileLevelId.Level1b, "42f00b")]
    [InlineData(H264Profile.Main, H264ProfileLevelId.Level1b, "4d100b")]
    public void Formats_round_trip(H264Profile profile, int level, string text) =>
        Assert.Equal(text, new H264ProfileLevelId(profile, level).ToProfileLevelIdString());

    [Fact]
    public void Missing_parameter_means_constrained_baseline_3_1()
    {
        Assert.True(H264ProfileLevelId.TryParse(new Dictionary<string, CodecParameterValue>(), out var parsed));
        Assert.Equal(H264ProfileLevelId.Default, parsed);
        Assert.Equal("42e01f", parsed.ToProfileLevelIdString());
    }

    [Fact]
    public void All_digit_values_that_sdp_transform_turned_into_numbers_are_read_back()
    {
        var parameters = new Dictionary<string, CodecParameterValue> { ["profile-level-id"] = 640032 };

        Assert.True(H264ProfileLevelId.TryParse(parameters, out var parsed));
        Assert.Equal(new H264ProfileLevelId(H264Profile.High, 50), parsed);
    }

    [Fact]
    public void Answer_keeps_local_level_when_both_allow_asymmetry_else_the_lower()
    {
        var local = Params("42e034", asymmetry: true);
        var remote = Params("42e01f", asymmetry: true);

        Assert.True(H264ProfileLevelId.TryGenerateAnswer(local, remote, out var asymmetric));
        Assert.Equal("42e034", asymmetric);

        Assert.True(H264ProfileLevelId.TryGenerateAnswer(Params("42e034", asymmetry: false), remote, out var symmetric));
        Assert.Equal("42e01f", symmetric);

        // Level 1b ranks between 1 and 1.1.
        Assert.True(H264ProfileLevelId.TryGenerateAnswer(Params("42f00b", false), Params("42e00c", false), out var lowest));
        Assert.Equal("42f00b", lowest);
        Assert.True(H264ProfileLevelId.TryGenerateAnswer(Params("42f00b", false), Params("42e00a", false), out var level1));
        Assert.Equal("42e00a", level1);
    }

    [Fact]
    public void Answer_fails_across_profiles_and_is_absent_when_nobody_specifies()
    {
        Assert.False(H264ProfileLevelId.TryGenerateAnswer(Params("42e01f", true), Params("4d001f", true), out _));
        Assert.False(H264ProfileLevelId.TryGenerateAnswer(Params("42001f", true), Params("42e01f", true), out _));
        Assert.True(H264ProfileLevelId.TryGenerateAnswer(new Dictionary<string, CodecParameterValue>(), new Dictionary<string, CodecParameterValue>(), out var none));
        Assert.Null(none);
        Assert.True(H264ProfileLevelId.TryGenerateAnswer(new Dictionary<string, CodecParameterValue>(), Params("42e01f", false), out var defaulted));
        Assert.Equal("42e01f", defaulted);
    }

    [Fact]
    public void Producer_maps_to_the_router_codec_of_the_same_profile()
    {
        var caps = Ortc.GenerateRouterRtpCapabilities(MediaCodecDefaults.Default);
        var constrainedBaseline = caps.Codecs.Single(c => c.Parameters.TryGetValue("profile-level-id", out var v) && v == "42e01f").PreferredPayloadType;
        var main = caps.Codecs.Single(c => c.Parameters.TryGetValue("profile-level-id", out var v) && v == "4d0032").PreferredPayloadType;

        Assert.Equal(constrainedBaseline, MapH264(caps, "42e01f", packetizationMode: 1, asymmetry: true).Codecs[0].MappedPayloadType);
        Assert.Equal(main, MapH264(caps, "4d001f", packetizationMode: 1, asymmetry: true).Codecs[0].MappedPayloadType);
    }

    [Fact]
    public void Producer_profile_level_id_is_rewritten_to_the_answer()
    {
        var caps = Ortc.GenerateRouterRtpCapabilities(MediaCodecDefaults.Default);
        var producer = H264Producer("4d0034", packetizationMode: 1, asymmetry: false);

        Ortc.GetProducerRtpParametersMapping(producer, caps);

        // Main 5.2 offered without level asymmetry against the router's Main 5.0: the lower level is the answer.
        Assert.Equal("4d0032", producer.Codecs[0].Parameters["profile-level-id"].StringValue);
    }

    [Theory]
    [InlineData("42e01f", 0)]       // packetization-mode 0 is not configured
    [InlineData("42001f", 1)]       // Baseline (not constrained) is another profile
    [InlineData("640c1f", 1)]       // Constrained High is not configured
    public void Producer_with_an_unconfigured_h264_variant_is_unsupported(string profileLevelId, int packetizationMode)
    {
        var caps = Ortc.GenerateRouterRtpCapabilities(MediaCodecDefaults.Default);

        var ex = Assert.Throws<OrtcException>(() => MapH264(caps, profileLevelId, packetizationMode, asymmetry: true));

        Assert.Equal("unsupported codec [mimeType:video/H264, payloadType:102]", ex.Message);
        Assert.Equal(OrtcErrorKind.Unsupported, ex.Kind);
    }

    [Fact]
    public void Consumer_with_a_different_level_of_the_same_profile_can_consume()
    {
        var caps = Ortc.GenerateRouterRtpCapabilities(MediaCodecDefaults.Default);
        var producer = H264Producer("4d0032", 1, true);
        var mapping = Ortc.GetProducerRtpParametersMapping(producer, caps);
        var consumable = Ortc.GetConsumableRtpParameters(MediaKind.Video, producer, caps, mapping);

        // mediasoup-client 3.24 in Chrome reports the router's 4d0032 back as 4d001f (the level it decodes).
        var remote = caps.Clone();
        foreach (var codec in remote.Codecs.Where(c => c.Parameters.TryGetValue("profile-level-id", out var v) && v == "4d0032"))
        {
            codec.Parameters["profile-level-id"] = "4d001f";
        }

        Assert.True(Ortc.CanConsume(consumable, remote));
        var consumer = Ortc.GetConsumerRtpParameters(consumable, remote, pipe: false, enableRtx: true);
        Assert.Equal("video/H264", consumer.Codecs[0].MimeType);
        Assert.Equal("4d0032", consumer.Codecs[0].Parameters["profile-level-id"].StringValue);

        var onlyBaseline = caps.Clone();
        onlyBaseline.Codecs.RemoveAll(c => c.Parameters.TryGetValue("profile-level-id", out var v) && v == "4d0032");
        Assert.False(Ortc.CanConsume(consumable, onlyBaseline));
    }

    private static VibezLive.Media.Negotiation.RtpMapping MapH264(RtpCapabilities caps, string profileLevelId, int packetizationMode, bool asymmetry)
    {
        var producer = H264Producer(profileLevelId, packetizationMode, asymmetry);
        return Ortc.GetProducerRtpParametersMapping(producer, caps);
    }

    private static RtpParameters H264Producer(string profileLevelId, int packetizationMode, bool asymmetry)
    {
        var codec = new RtpCodecParameters { MimeType = "video/H264", PayloadType = 102, ClockRate = 90000, Parameters = Params(profileLevelId, asymmetry) };
        codec.Parameters["packetization-mode"] = packetizationMode;
        var rtx = new RtpCodecParameters { MimeType = "video/rtx", PayloadType = 103, ClockRate = 90000 };
        rtx.Parameters["apt"] = 102;
        var producer = new RtpParameters { Mid = "1", Codecs = [codec, rtx], Encodings = [new() { Ssrc = 1, Rtx = new(2) }], Rtcp = new() { Cname = "c" } };
        Ortc.ValidateRtpParameters(producer);
        return producer;
    }

    private static Dictionary<string, CodecParameterValue> Params(string profileLevelId, bool asymmetry)
    {
        var p = new Dictionary<string, CodecParameterValue>(StringComparer.Ordinal) { ["profile-level-id"] = profileLevelId };
        if (asymmetry)
        {
            p["level-asymmetry-allowed"] = 1;
        }

        return p;
    }
}
