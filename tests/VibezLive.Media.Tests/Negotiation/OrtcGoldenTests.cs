using System.Text.Json.Nodes;
using VibezLive.Media.Parameters;

namespace VibezLive.Media.Tests.Negotiation;

using Ortc = VibezLive.Media.Negotiation.Ortc;
using RtpMapping = VibezLive.Media.Negotiation.RtpMapping;
using SupportedRtpCapabilities = VibezLive.Media.Negotiation.SupportedRtpCapabilities;
using RtpParameters = VibezLive.Media.Parameters.RtpParameters;

/// <summary>
/// Our negotiation output against a dump of a real mediasoup 3.19.3 worker (same inputs, field by field; SSRCs are
/// random on both sides and only compared for presence).
/// </summary>
public sealed class OrtcGoldenTests
{
    private static readonly JsonNode Truth = OrtcJson.GroundTruth;

    [Theory]
    [InlineData("demo")]
    [InlineData("minimal")]
    public void Router_capabilities_equal_mediasoup(string router)
    {
        var mediaCodecs = OrtcJson.Read<List<RtpCodecCapability>>(Truth["routers"]![router]!["mediaCodecs"]!);

        var caps = Ortc.GenerateRouterRtpCapabilities(mediaCodecs);

        OrtcJson.AssertEqual(Truth["routers"]![router]!["rtpCapabilities"]!, OrtcJson.ToNode(caps));
    }

    [Fact]
    public void Router_capabilities_equal_the_reference_file_mediasoup_client_loads()
    {
        var caps = DemoRouterCaps();

        OrtcJson.AssertEqual(OrtcJson.LoadFixture("mediasoup-router-rtpcapabilities.json"), OrtcJson.ToNode(caps));
    }

    [Fact]
    public void Router_codecs_and_payload_types_equal_mediasoup_3_27()
    {
        var newest = OrtcJson.LoadFixture("mediasoup-ground-truth-3.27.1.json");

        var caps = DemoRouterCaps();

        OrtcJson.AssertEqual(newest["routers"]!["demo"]!["rtpCapabilities"]!["codecs"]!, OrtcJson.ToNode(caps)["codecs"]!);
    }

    [Fact]
    public void Supported_capabilities_equal_mediasoup_after_its_own_defaults()
    {
        // The dump shows the raw table; mediasoup's validation adds parameters {} and parameter "" before use.
        var expected = Truth["supportedRtpCapabilities"]!.DeepClone();
        foreach (var codec in expected["codecs"]!.AsArray())
        {
            codec!["parameters"] ??= new JsonObject();
            codec["rtcpFeedback"] ??= new JsonArray();
            foreach (var fb in codec["rtcpFeedback"]!.AsArray())
            {
                fb!["parameter"] ??= "";
            }
        }

        OrtcJson.AssertEqual(expected, OrtcJson.ToNode(SupportedRtpCapabilities.Value));
    }

    [Theory]
    [InlineData("vp8", "video")]
    [InlineData("opus", "audio")]
    public void Producer_parameters_after_validation_equal_mediasoup(string producer, string kind)
    {
        _ = kind;
        var dumped = Truth["producers"]![producer]!["rtpParameters"]!;
        var parameters = OrtcJson.Read<RtpParameters>(dumped);

        Ortc.ValidateRtpParameters(parameters);

        OrtcJson.AssertEqual(dumped, OrtcJson.ToNode(parameters));
    }

    [Theory]
    [InlineData("vp8", MediaKind.Video)]
    [InlineData("opus", MediaKind.Audio)]
    public void Consumable_parameters_equal_mediasoup(string producer, MediaKind kind)
    {
        var (consumable, mapping) = Consumable(producer, kind);

        OrtcJson.AssertEqual(Truth["producers"]![producer]!["consumableRtpParameters"]!, OrtcJson.ToNode(consumable), ignoreSsrcValues: true);
        Assert.Equal(mapping.Encodings[0].MappedSsrc, consumable.Encodings[0].Ssrc);
    }

    [Fact]
    public void Producer_mapping_rewrites_payload_types_to_the_router_ones()
    {
        var (_, vp8) = Consumable("vp8", MediaKind.Video);
        var (_, opus) = Consumable("opus", MediaKind.Audio);

        Assert.Equal([new(96, 101)], vp8.Codecs);
        Assert.Equal([new(111, 100)], opus.Codecs);
        Assert.Equal(11111111u, vp8.Encodings[0].Ssrc);
        Assert.InRange(vp8.Encodings[0].MappedSsrc, 100_000_000u, 999_999_999u);
    }

    [Theory]
    [InlineData("vp8", MediaKind.Video, "0")]
    [InlineData("opus", MediaKind.Audio, "1")]
    public void Consumer_parameters_equal_mediasoup(string producer, MediaKind kind, string mid)
    {
        var (consumable, _) = Consumable(producer, kind);
        var dumped = Truth["webRtcConsumers"]![producer]!;

        // The dump consumed with the router's own capabilities; mediasoup enables RTX for video only by default.
        var consumer = Ortc.GetConsumerRtpParameters(consumable, DemoRouterCaps(), pipe: false, enableRtx: kind == MediaKind.Video);
        consumer.Mid = mid;

        OrtcJson.AssertEqual(dumped["rtpParameters"]!, OrtcJson.ToNode(consumer), ignoreSsrcValues: true);
        Assert.True(Ortc.CanConsume(consumable, DemoRouterCaps()));
        Assert.Equal(Truth["canConsume"]!.GetValue<bool>(), Ortc.CanConsume(consumable, DemoRouterCaps()));
        if (kind == MediaKind.Video)
        {
            Assert.Equal(consumer.Encodings[0].Ssrc + 1, consumer.Encodings[0].Rtx!.Ssrc);
        }
    }

    [Fact]
    public void Plain_egress_consumer_equals_mediasoup()
    {
        var (consumable, _) = Consumable("vp8", MediaKind.Video);

        var consumer = Ortc.GetConsumerRtpParameters(consumable, DemoRouterCaps(), pipe: false, enableRtx: true);
        consumer.Mid = "0";

        OrtcJson.AssertEqual(Truth["plainEgress"]!["vp8Consumer"]!["rtpParameters"]!, OrtcJson.ToNode(consumer), ignoreSsrcValues: true);
    }

    internal static RtpCapabilities DemoRouterCaps() =>
        Ortc.GenerateRouterRtpCapabilities(OrtcJson.Read<List<RtpCodecCapability>>(Truth["routers"]!["demo"]!["mediaCodecs"]!));

    private static (RtpParameters Consumable, RtpMapping Mapping) Consumable(string producer, MediaKind kind)
    {
        var parameters = OrtcJson.Read<RtpParameters>(Truth["producers"]![producer]!["rtpParameters"]!);
        var caps = DemoRouterCaps();
        Ortc.ValidateRtpParameters(parameters);
        var mapping = Ortc.GetProducerRtpParametersMapping(parameters, caps);
        return (Ortc.GetConsumableRtpParameters(kind, parameters, caps, mapping), mapping);
    }
}
