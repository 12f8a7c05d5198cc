using VibezLive.Media.Negotiation;
using VibezLive.Media.Parameters;

namespace VibezLive.Media.Tests.Negotiation;

using Ortc = VibezLive.Media.Negotiation.Ortc;
using RtpParameters = VibezLive.Media.Parameters.RtpParameters;

/// <summary>
/// Pins the JSON files that tests/js/ortc/mediasoup-client-crosscheck.test.mjs feeds to the real mediasoup-client:
/// if our output changes, these fail until the files are regenerated and the client accepts them again.
/// </summary>
public sealed class OrtcCrossCheckTests
{
    [Fact]
    public void Default_router_capabilities_equal_the_file_mediasoup_client_loads()
    {
        var caps = Ortc.GenerateRouterRtpCapabilities(MediaCodecDefaults.Default);

        OrtcJson.AssertEqual(OrtcJson.LoadFixture("vibezlive-router-rtpcapabilities.json"), OrtcJson.ToNode(caps));
    }

    [Fact]
    public void Consumers_for_mediasoup_client_receive_caps_equal_the_file_it_consumes()
    {
        var caps = Ortc.GenerateRouterRtpCapabilities(MediaCodecDefaults.Default);
        var recvCaps = OrtcJson.Read<RtpCapabilities>(OrtcJson.LoadFixture("msclient-3.24.1-fake-recv-rtpcapabilities.json"));
        var producers = OrtcJson.LoadFixture("vibezlive-crosscheck-producers.json").AsObject();
        var expected = OrtcJson.LoadFixture("vibezlive-consumers.json");
        var mids = new MidCounter();

        foreach (var (name, producer) in producers)
        {
            var kind = OrtcJson.Read<MediaKind>(producer!["kind"]!);
            var p = OrtcJson.Read<RtpParameters>(producer["rtpParameters"]!);
            Ortc.ValidateRtpParameters(p);
            var consumable = Ortc.GetConsumableRtpParameters(kind, p, caps, Ortc.GetProducerRtpParametersMapping(p, caps));

            Assert.True(Ortc.CanConsume(consumable, recvCaps), name);
            var consumer = Ortc.GetConsumerRtpParameters(consumable, recvCaps, pipe: false, enableRtx: kind == MediaKind.Video);
            consumer.Mid = mids.Next();

            OrtcJson.AssertEqual(expected[name]!["rtpParameters"]!, OrtcJson.ToNode(consumer), ignoreSsrcValues: true);
        }
    }
}
