using VibezLive.Media.Negotiation;
using VibezLive.Media.Parameters;

namespace VibezLive.Media.Tests.Negotiation;

using Ortc = VibezLive.Media.Negotiation.Ortc;
using RtpParameters = VibezLive.Media.Parameters.RtpParameters;

/// <summary>CanConsume, consumer feedback pruning, RTX on/off, pipe consumers and mapping errors.</summary>
public sealed class OrtcConsumerTests
{
    private readonly RtpCapabilities _router = OrtcGoldenTests.DemoRouterCaps();

    [Fact]
    public void Cannot_consume_without_a_matching_media_codec()
    {
        var consumable = Vp8Consumable();
        var noVp8 = _router.Clone();
        noVp8.Codecs.RemoveAll(c => c.MimeType == "video/VP8");
        var rtxOnly = _router.Clone();
        rtxOnly.Codecs.RemoveAll(c => c.MimeType != "video/rtx");

        Assert.True(Ortc.CanConsume(consumable, _router));
        Assert.False(Ortc.CanConsume(consumable, noVp8));
        Assert.False(Ortc.CanConsume(consumable, rtxOnly));
        Assert.False(Ortc.CanConsume(consumable, new RtpCapabilities()));
    }

    [Fact]
    public void Invalid_capabilities_cannot_consume_and_consume_says_why()
    {
        var consumable = Vp8Consumable();
        var invalid = _router.Clone();
        invalid.Codecs[1].MimeType = "VP8";

        Assert.False(Ortc.CanConsume(consumable, invalid));
        Assert.Equal("invalid codec.mimeType", Assert.Throws<OrtcException>(() => Ortc.GetConsumerRtpParameters(consumable, invalid, false, true)).Message);
    }

    [Fact]
    public void Consume_without_compatible_codecs_is_unsupported()
    {
        var noVp8 = _router.Clone();
        noVp8.Codecs.RemoveAll(c => c.MimeType == "video/VP8");

        var ex = Assert.Throws<OrtcException>(() => Ortc.GetConsumerRtpParameters(Vp8Consumable(), noVp8, false, true));

        Assert.Equal("no compatible media codecs", ex.Message);
        Assert.Equal(OrtcErrorKind.Unsupported, ex.Kind);
    }

    [Fact]
    public void Without_transport_cc_extension_remb_is_kept_and_transport_cc_dropped()
    {
        var caps = _router.Clone();
        caps.HeaderExtensions.RemoveAll(e => e.Uri == RtpHeaderExtensionUri.TransportWideCc);

        var consumer = Ortc.GetConsumerRtpParameters(Vp8Consumable(), caps, false, true);

        Assert.Equal(["nack", "nack pli", "ccm fir", "goog-remb"], consumer.Codecs[0].RtcpFeedback.Select(f => f.ToString()));
    }

    [Fact]
    public void Without_any_bandwidth_extension_both_feedbacks_are_dropped()
    {
        var caps = _router.Clone();
        caps.HeaderExtensions.RemoveAll(e => e.Uri is RtpHeaderExtensionUri.TransportWideCc or RtpHeaderExtensionUri.AbsSendTime);

        var consumer = Ortc.GetConsumerRtpParameters(Vp8Consumable(), caps, false, true);

        Assert.Equal(["nack", "nack pli", "ccm fir"], consumer.Codecs[0].RtcpFeedback.Select(f => f.ToString()));
    }

    [Fact]
    public void Rtx_disabled_drops_rtx_and_plain_nack_but_keeps_pli()
    {
        var consumer = Ortc.GetConsumerRtpParameters(Vp8Consumable(), _router, false, enableRtx: false);

        var codec = Assert.Single(consumer.Codecs);
        Assert.Equal(["nack pli", "ccm fir", "transport-cc"], codec.RtcpFeedback.Select(f => f.ToString()));
        Assert.Null(Assert.Single(consumer.Encodings).Rtx);
    }

    [Fact]
    public void Rtx_the_endpoint_cannot_pair_is_dropped()
    {
        var caps = _router.Clone();
        caps.Codecs.RemoveAll(c => c.MimeType == "video/rtx");

        var consumer = Ortc.GetConsumerRtpParameters(Vp8Consumable(), caps, false, true);

        Assert.Equal(["video/VP8"], consumer.Codecs.Select(c => c.MimeType));
        Assert.Null(consumer.Encodings[0].Rtx);
    }

    [Fact]
    public void Consumers_get_fresh_random_ssrcs()
    {
        var consumable = Vp8Consumable();

        var ssrcs = Enumerable.Range(0, 20).Select(_ => Ortc.GetConsumerRtpParameters(consumable, _router, false, true).Encodings[0].Ssrc!.Value).ToList();

        Assert.All(ssrcs, s => Assert.InRange(s, 100_000_000u, 999_999_999u));
        Assert.True(ssrcs.Distinct().Count() > 15);
    }

    [Fact]
    public void Pipe_consumer_keeps_every_encoding_and_only_keyframe_feedback()
    {
        var caps = _router;
        var p = new RtpParameters
        {
            Mid = "0",
            Codecs = [OrtcValidationTests.Vp8(96), Rtx(97, 96)],
            Encodings = [new() { Rid = "r0", ScalabilityMode = "L1T3" }, new() { Rid = "r1", ScalabilityMode = "L1T3" }],
            Rtcp = new() { Cname = "cn" },
        };
        Ortc.ValidateRtpParameters(p);
        var consumable = Ortc.GetConsumableRtpParameters(MediaKind.Video, p, caps, Ortc.GetProducerRtpParametersMapping(p, caps));

        var pipe = Ortc.GetPipeConsumerRtpParameters(consumable, enableRtx: false);

        Assert.Equal(["video/VP8"], pipe.Codecs.Select(c => c.MimeType));
        Assert.Equal(["nack pli", "ccm fir"], pipe.Codecs[0].RtcpFeedback.Select(f => f.ToString()));
        Assert.DoesNotContain(pipe.HeaderExtensions, e => e.Uri is RtpHeaderExtensionUri.Mid or RtpHeaderExtensionUri.AbsSendTime or RtpHeaderExtensionUri.TransportWideCc);
        Assert.Equal(2, pipe.Encodings.Count);
        Assert.Equal(pipe.Encodings[0].Ssrc + 1, pipe.Encodings[1].Ssrc);
        Assert.All(pipe.Encodings, e => Assert.Null(e.Rtx));
        Assert.Null(pipe.Mid);

        var withRtx = Ortc.GetPipeConsumerRtpParameters(consumable, enableRtx: true);
        Assert.Equal(["nack", "nack pli", "ccm fir"], withRtx.Codecs[0].RtcpFeedback.Select(f => f.ToString()));
        Assert.Equal(withRtx.Encodings[0].Rtx!.Ssrc + 1, withRtx.Encodings[1].Rtx!.Ssrc);

        var viaConsumer = Ortc.GetConsumerRtpParameters(consumable, caps, pipe: true, enableRtx: true);
        Assert.Equal(2, viaConsumer.Encodings.Count);
    }

    [Fact]
    public void Rtx_without_its_media_codec_is_a_type_error()
    {
        var p = new RtpParameters { Codecs = [OrtcValidationTests.Vp8(96), Rtx(97, 95)], Encodings = [new() { Ssrc = 1 }] };
        Ortc.ValidateRtpParameters(p);

        var ex = Assert.Throws<OrtcException>(() => Ortc.GetProducerRtpParametersMapping(p, _router));

        Assert.Equal("missing media codec found for RTX PT 97", ex.Message);
        Assert.Equal(OrtcErrorKind.TypeError, ex.Kind);
    }

    [Fact]
    public void Rtx_for_a_router_codec_without_rtx_is_unsupported()
    {
        var caps = _router.Clone();
        caps.Codecs.RemoveAll(c => c.MimeType == "video/rtx" && c.Parameters["apt"] == 101);
        var p = new RtpParameters { Codecs = [OrtcValidationTests.Vp8(96), Rtx(97, 96)], Encodings = [new() { Ssrc = 1 }] };
        Ortc.ValidateRtpParameters(p);

        var ex = Assert.Throws<OrtcException>(() => Ortc.GetProducerRtpParametersMapping(p, caps));

        Assert.Equal("no RTX codec for capability codec PT 101", ex.Message);
        Assert.Equal(OrtcErrorKind.Unsupported, ex.Kind);
    }

    [Fact]
    public void Vp9_profiles_must_match_strictly()
    {
        var caps = Ortc.GenerateRouterRtpCapabilities(MediaCodecDefaults.Default);
        var profile2 = new RtpCodecParameters { MimeType = "video/VP9", PayloadType = 98, ClockRate = 90000 };
        profile2.Parameters["profile-id"] = 2;
        var profile1 = new RtpCodecParameters { MimeType = "video/VP9", PayloadType = 98, ClockRate = 90000 };
        profile1.Parameters["profile-id"] = 1;
        var noProfile = new RtpCodecParameters { MimeType = "video/VP9", PayloadType = 98, ClockRate = 90000 };
        var pt0 = caps.Codecs.Single(c => c.MimeType == "video/VP9" && c.Parameters["profile-id"] == 0).PreferredPayloadType;
        var pt2 = caps.Codecs.Single(c => c.MimeType == "video/VP9" && c.Parameters["profile-id"] == 2).PreferredPayloadType;

        Assert.Equal(pt2, Map(profile2, caps).Codecs[0].MappedPayloadType);
        Assert.Equal(pt0, Map(noProfile, caps).Codecs[0].MappedPayloadType);
        Assert.Equal("unsupported codec [mimeType:video/VP9, payloadType:98]", Assert.Throws<OrtcException>(() => Map(profile1, caps)).Message);
    }

    [Theory]
    [InlineData("video/VP8", 1, null, "simple")]
    [InlineData("video/VP8", 1, "L1T3", "simulcast")]
    [InlineData("video/H264", 1, "L1T2", "simulcast")]
    [InlineData("video/VP9", 1, "L3T3_KEY", "svc")]
    [InlineData("video/AV1", 1, "L1T3", "svc")]
    [InlineData("video/VP8", 3, "L1T3", "simulcast")]
    [InlineData("video/VP9", 3, "L1T3", "simulcast")]
    [InlineData("video/VP8", 1, "L1T1", "simple")]
    [InlineData("audio/opus", 1, null, "simple")]
    public void Producer_type_follows_encodings_layers_and_codec(string mimeType, int encodings, string? mode, string type)
    {
        var p = new RtpParameters
        {
            Codecs = [new RtpCodecParameters { MimeType = mimeType, PayloadType = 96, ClockRate = 90000 }],
            Encodings = Enumerable.Range(0, encodings).Select(i => new RtpEncodingParameters { Rid = $"r{i}", ScalabilityMode = mode }).ToList(),
        };

        Assert.Equal(type, Ortc.GetProducerType(p));
    }

    [Fact]
    public void Mid_counter_counts_in_decimal_strings()
    {
        var mids = new MidCounter();

        Assert.Equal(["0", "1", "2"], new[] { mids.Next(), mids.Next(), mids.Next() });
    }

    [Theory]
    [InlineData("L1T3", 1, 3, false)]
    [InlineData("L3T3_KEY", 3, 3, true)]
    [InlineData("S2T1", 2, 1, false)]
    [InlineData("L12T10", 12, 10, false)]
    [InlineData("L3T3_KEY_SHIFT", 3, 3, true)]
    [InlineData("foo", 1, 1, false)]
    [InlineData("L0T1", 1, 1, false)]
    [InlineData(null, 1, 1, false)]
    public void Scalability_modes_parse_like_mediasoup(string? mode, int spatial, int temporal, bool ksvc) =>
        Assert.Equal(new ScalabilityMode(spatial, temporal, ksvc), ScalabilityMode.Parse(mode));

    private static VibezLive.Media.Negotiation.RtpMapping Map(RtpCodecParameters codec, RtpCapabilities caps)
    {
        var p = new RtpParameters { Codecs = [codec], Encodings = [new() { Ssrc = 1 }] };
        Ortc.ValidateRtpParameters(p);
        return Ortc.GetProducerRtpParametersMapping(p, caps);
    }

    private static RtpCodecParameters Rtx(int pt, int apt)
    {
        var rtx = new RtpCodecParameters { MimeType = "video/rtx", PayloadType = pt, ClockRate = 90000 };
        rtx.Parameters["apt"] = apt;
        return rtx;
    }

    private RtpParameters Vp8Consumable()
    {
        var p = new RtpParameters { Mid = "0", Codecs = [OrtcValidationTests.Vp8(96), Rtx(97, 96)], Encodings = [new() { Ssrc = 1, Rtx = new(2) }], Rtcp = new() { Cname = "cn" } };
        Ortc.ValidateRtpParameters(p);
        return Ortc.GetConsumableRtpParameters(MediaKind.Video, p, _router, Ortc.GetProducerRtpParametersMapping(p, _router));
    }
}
