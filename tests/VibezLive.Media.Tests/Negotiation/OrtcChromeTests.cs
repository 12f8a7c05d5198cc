using VibezLive.Media.Negotiation;
using VibezLive.Media.Parameters;

namespace VibezLive.Media.Tests.Negotiation;

using Ortc = VibezLive.Media.Negotiation.Ortc;
using RtpParameters = VibezLive.Media.Parameters.RtpParameters;

/// <summary>
/// What Chrome with mediasoup-client 3.24 (handler Chrome111) actually sends: its own payload types and extension
/// ids in <c>produce</c>, an <c>msid</c>, simulcast with rids and an empty cname, and receive capabilities that carry
/// the router's ids but no audio mid.
/// </summary>
public sealed class OrtcChromeTests
{
    private const string ChromeAudioProduce = """
        { "mid": "0",
          "codecs": [ { "mimeType": "audio/opus", "payloadType": 111, "clockRate": 48000, "channels": 2,
                        "parameters": { "minptime": 10, "useinbandfec": 1 },
                        "rtcpFeedback": [ { "type": "transport-cc", "parameter": "" } ] } ],
          "headerExtensions": [
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 4, "encrypt": false, "parameters": {} },
            { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "id": 2, "encrypt": false, "parameters": {} },
            { "uri": "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", "id": 3, "encrypt": false, "parameters": {} },
            { "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "id": 1, "encrypt": false, "parameters": {} } ],
          "encodings": [ { "ssrc": 1234567890, "dtx": false } ],
          "rtcp": { "cname": "Xq3/abcdEFGH", "reducedSize": true },
          "msid": "stream-a 0c5d4c47-6c1a-4c5e-9a57-0f1f2e3d4c5b" }
        """;

    private const string ChromeVideoProduce = """
        { "mid": "1",
          "codecs": [
            { "mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000, "parameters": {},
              "rtcpFeedback": [ { "type": "goog-remb", "parameter": "" }, { "type": "transport-cc", "parameter": "" },
                                { "type": "ccm", "parameter": "fir" }, { "type": "nack", "parameter": "" },
                                { "type": "nack", "parameter": "pli" } ] },
            { "mimeType": "video/rtx", "payloadType": 97, "clockRate": 90000, "parameters": { "apt": 96 }, "rtcpFeedback": [] } ],
          "headerExtensions": [
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 4, "encrypt": false, "parameters": {} },
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", "id": 10, "encrypt": false, "parameters": {} },
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", "id": 11, "encrypt": false, "parameters": {} },
            { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "id": 2, "encrypt": false, "parameters": {} },
            { "uri": "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", "id": 3, "encrypt": false, "parameters": {} },
            { "uri": "urn:3gpp:video-orientation", "id": 13, "encrypt": false, "parameters": {} },
            { "uri": "urn:ietf:params:rtp-hdrext:toffset", "id": 14, "encrypt": false, "parameters": {} },
            { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", "id": 5, "encrypt": false, "parameters": {} },
            { "uri": "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension", "id": 12, "encrypt": false, "parameters": {} } ],
          "encodings": [ { "ssrc": 2222222222, "rtx": { "ssrc": 3333333333 }, "dtx": false } ],
          "rtcp": { "cname": "Xq3/abcdEFGH", "reducedSize": true },
          "msid": "stream-a 9d7b1e2f-3a4b-4c5d-8e9f-0a1b2c3d4e5f" }
        """;

    private const string ChromeSimulcastProduce = """
        { "mid": "2",
          "codecs": [
            { "mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000, "parameters": {},
              "rtcpFeedback": [ { "type": "transport-cc", "parameter": "" }, { "type": "nack", "parameter": "" },
                                { "type": "nack", "parameter": "pli" } ] },
            { "mimeType": "video/rtx", "payloadType": 97, "clockRate": 90000, "parameters": { "apt": 96 }, "rtcpFeedback": [] } ],
          "headerExtensions": [
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 4, "encrypt": false, "parameters": {} },
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", "id": 10, "encrypt": false, "parameters": {} },
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", "id": 11, "encrypt": false, "parameters": {} } ],
          "encodings": [
            { "rid": "r0", "active": true, "scalabilityMode": "L1T3", "scaleResolutionDownBy": 4, "maxBitrate": 150000, "dtx": false },
            { "rid": "r1", "active": true, "scalabilityMode": "L1T3", "scaleResolutionDownBy": 2, "maxBitrate": 500000, "dtx": false },
            { "rid": "r2", "active": true, "scalabilityMode": "L1T3", "scaleResolutionDownBy": 1, "maxBitrate": 1500000, "dtx": false } ],
          "rtcp": { "cname": "", "reducedSize": true },
          "msid": "stream-a 1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9" }
        """;

    // device.recvRtpCapabilities of mediasoup-client 3.24 in Chrome against a 3.19.3-style router: router payload
    // types and ids, browser fmtp and feedback; extensions keyed by id, so audio mid/abs-send-time are gone.
    private const string ChromeRecvCaps = """
        { "codecs": [
            { "kind": "audio", "mimeType": "audio/opus", "preferredPayloadType": 100, "clockRate": 48000, "channels": 2,
              "parameters": { "minptime": 10, "useinbandfec": 1 }, "rtcpFeedback": [ { "type": "transport-cc", "parameter": "" } ] },
            { "kind": "video", "mimeType": "video/VP8", "preferredPayloadType": 101, "clockRate": 90000, "parameters": {},
              "rtcpFeedback": [ { "type": "goog-remb", "parameter": "" }, { "type": "transport-cc", "parameter": "" },
                                { "type": "ccm", "parameter": "fir" }, { "type": "nack", "parameter": "" },
                                { "type": "nack", "parameter": "pli" } ] },
            { "kind": "video", "mimeType": "video/rtx", "preferredPayloadType": 102, "clockRate": 90000, "parameters": { "apt": 101 }, "rtcpFeedback": [] } ],
          "headerExtensions": [
            { "kind": "video", "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "preferredId": 1, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "preferredId": 4, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", "preferredId": 5, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "audio", "uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "preferredId": 10, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "urn:3gpp:video-orientation", "preferredId": 11, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "urn:ietf:params:rtp-hdrext:toffset", "preferredId": 12, "preferredEncrypt": false, "direction": "sendrecv" },
            { "kind": "video", "uri": "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", "preferredId": 14, "preferredEncrypt": false, "direction": "sendrecv" } ] }
        """;

    private readonly RtpCapabilities _router = OrtcGoldenTests.DemoRouterCaps();

    [Fact]
    public void Chrome_audio_maps_opus_111_to_the_router_100_and_keeps_msid()
    {
        var p = OrtcJson.Read<RtpParameters>(ChromeAudioProduce);
        Ortc.ValidateRtpParameters(p);

        var mapping = Ortc.GetProducerRtpParametersMapping(p, _router);

        Assert.Equal([new CodecMapping(111, 100)], mapping.Codecs);
        var encoding = Assert.Single(mapping.Encodings);
        Assert.Equal(1234567890u, encoding.Ssrc);
        Assert.Null(encoding.Rid);
        Assert.Equal("stream-a 0c5d4c47-6c1a-4c5e-9a57-0f1f2e3d4c5b", p.Msid);
        Assert.Equal("stream-a 0c5d4c47-6c1a-4c5e-9a57-0f1f2e3d4c5b", OrtcJson.ToNode(p)["msid"]!.GetValue<string>());
    }

    [Fact]
    public void Chrome_video_maps_vp8_96_and_rtx_97_and_consumable_uses_router_ids()
    {
        var p = OrtcJson.Read<RtpParameters>(ChromeVideoProduce);
        Ortc.ValidateRtpParameters(p);

        var mapping = Ortc.GetProducerRtpParametersMapping(p, _router);
        var consumable = Ortc.GetConsumableRtpParameters(MediaKind.Video, p, _router, mapping);

        Assert.Equal([new CodecMapping(96, 101), new CodecMapping(97, 102)], mapping.Codecs);
        Assert.Equal(2222222222u, mapping.Encodings[0].Ssrc);
        Assert.Equal(["video/VP8:101", "video/rtx:102"], consumable.Codecs.Select(c => $"{c.MimeType}:{c.PayloadType}"));
        Assert.Equal(
            [
                "1 urn:ietf:params:rtp-hdrext:sdes:mid",
                "4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "5 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "11 urn:3gpp:video-orientation",
                "12 urn:ietf:params:rtp-hdrext:toffset",
                "13 http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time",
                "14 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
            ],
            consumable.HeaderExtensions.Select(e => e.ToString()));
        var encoding = Assert.Single(consumable.Encodings);
        Assert.Equal(mapping.Encodings[0].MappedSsrc, encoding.Ssrc);
        Assert.Null(encoding.Rtx);
        Assert.Equal("Xq3/abcdEFGH", consumable.Rtcp.Cname);
        Assert.Null(consumable.Mid);
        Assert.Null(consumable.Msid);
    }

    [Fact]
    public void Audio_consumer_for_mediasoup_client_3_24_gets_mid_although_its_caps_list_mid_only_under_video()
    {
        var consumable = Consumable(ChromeAudioProduce, MediaKind.Audio);
        var caps = OrtcJson.Read<RtpCapabilities>(ChromeRecvCaps);

        Assert.True(Ortc.CanConsume(consumable, caps));
        var consumer = Ortc.GetConsumerRtpParameters(consumable, caps, pipe: false, enableRtx: false);

        var codec = Assert.Single(consumer.Codecs);
        Assert.Equal(100, codec.PayloadType);
        Assert.Equal(2, codec.Channels);
        Assert.Equal(10, codec.Parameters["minptime"].NumberValue);
        // Audio transport-cc is recvonly on the router: with abs-send-time left, transport-cc feedback is pruned.
        Assert.Empty(codec.RtcpFeedback);
        Assert.Equal([1, 4, 10, 14], consumer.HeaderExtensions.Select(e => e.Id));
        var encoding = Assert.Single(consumer.Encodings);
        Assert.NotNull(encoding.Ssrc);
        Assert.Null(encoding.Rtx);
    }

    [Fact]
    public void Video_consumer_keeps_transport_cc_drops_remb_and_pairs_rtx()
    {
        var consumable = Consumable(ChromeVideoProduce, MediaKind.Video);
        var caps = OrtcJson.Read<RtpCapabilities>(ChromeRecvCaps);

        var consumer = Ortc.GetConsumerRtpParameters(consumable, caps, pipe: false, enableRtx: true);

        Assert.Equal(["video/VP8:101", "video/rtx:102"], consumer.Codecs.Select(c => $"{c.MimeType}:{c.PayloadType}"));
        Assert.Equal(["transport-cc", "ccm fir", "nack", "nack pli"], consumer.Codecs[0].RtcpFeedback.Select(f => f.ToString()));
        Assert.Equal([1, 4, 5, 11, 12, 14], consumer.HeaderExtensions.Select(e => e.Id));
        var encoding = Assert.Single(consumer.Encodings);
        Assert.Equal(encoding.Ssrc + 1, encoding.Rtx!.Ssrc);
        Assert.Null(encoding.ScalabilityMode);
        Assert.Equal("Xq3/abcdEFGH", consumer.Rtcp.Cname);
        Assert.True(consumer.Rtcp.ReducedSize);
    }

    [Fact]
    public void Simulcast_encodings_map_by_rid_and_consumer_gets_one_stream_with_spatial_layers()
    {
        var p = OrtcJson.Read<RtpParameters>(ChromeSimulcastProduce);
        Ortc.ValidateRtpParameters(p);
        var mapping = Ortc.GetProducerRtpParametersMapping(p, _router);
        var consumable = Ortc.GetConsumableRtpParameters(MediaKind.Video, p, _router, mapping);

        Assert.Equal(["r0", "r1", "r2"], mapping.Encodings.Select(e => e.Rid));
        Assert.All(mapping.Encodings, e => Assert.Null(e.Ssrc));
        Assert.All(mapping.Encodings, e => Assert.Equal("L1T3", e.ScalabilityMode));
        Assert.Equal([mapping.Encodings[0].MappedSsrc, mapping.Encodings[0].MappedSsrc + 1, mapping.Encodings[0].MappedSsrc + 2], mapping.Encodings.Select(e => e.MappedSsrc));

        Assert.Equal(mapping.Encodings.Select(e => (uint?)e.MappedSsrc), consumable.Encodings.Select(e => e.Ssrc));
        Assert.All(consumable.Encodings, e => Assert.Null(e.Rid));
        Assert.Equal([150000L, 500000L, 1500000L], consumable.Encodings.Select(e => e.MaxBitrate!.Value));
        Assert.Equal("", consumable.Rtcp.Cname);

        var consumer = Ortc.GetConsumerRtpParameters(consumable, OrtcJson.Read<RtpCapabilities>(ChromeRecvCaps), pipe: false, enableRtx: true);
        var encoding = Assert.Single(consumer.Encodings);
        Assert.Equal("L3T3", encoding.ScalabilityMode);
        Assert.Equal(1500000, encoding.MaxBitrate);
        Assert.NotNull(encoding.Rtx);
        Assert.Equal("", consumer.Rtcp.Cname);
        Assert.Equal("""{"ssrc":1,"rtx":{"ssrc":2},"scalabilityMode":"L3T3","maxBitrate":1500000}""",
            OrtcJson.ToNode(new RtpEncodingParameters { Ssrc = 1, Rtx = new(2), ScalabilityMode = encoding.ScalabilityMode, MaxBitrate = encoding.MaxBitrate }).ToJsonString());
    }

    [Fact]
    public void Svc_producer_keeps_its_scalability_mode()
    {
        var caps = Ortc.GenerateRouterRtpCapabilities(MediaCodecDefaults.Default);
        var vp9 = new RtpCodecParameters { MimeType = "video/VP9", PayloadType = 98, ClockRate = 90000 };
        vp9.Parameters["profile-id"] = 0;
        var p = new RtpParameters { Mid = "3", Codecs = [vp9], Encodings = [new() { Ssrc = 77, ScalabilityMode = "L3T3_KEY" }], Rtcp = new() { Cname = "c" } };
        Ortc.ValidateRtpParameters(p);
        var consumable = Ortc.GetConsumableRtpParameters(MediaKind.Video, p, caps, Ortc.GetProducerRtpParametersMapping(p, caps));

        var consumer = Ortc.GetConsumerRtpParameters(consumable, caps, pipe: false, enableRtx: true);

        Assert.Equal("L3T3_KEY", Assert.Single(consumer.Encodings).ScalabilityMode);
        Assert.Equal(["video/VP9", "video/rtx"], consumer.Codecs.Select(c => c.MimeType));
        Assert.Equal(0, consumer.Codecs[0].Parameters["profile-id"].NumberValue);
    }

    private RtpParameters Consumable(string produceJson, MediaKind kind)
    {
        var p = OrtcJson.Read<RtpParameters>(produceJson);
        Ortc.ValidateRtpParameters(p);
        return Ortc.GetConsumableRtpParameters(kind, p, _router, Ortc.GetProducerRtpParametersMapping(p, _router));
    }
}
