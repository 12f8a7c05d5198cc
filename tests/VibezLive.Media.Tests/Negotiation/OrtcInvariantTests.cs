using VibezLive.Media.Negotiation;
using VibezLive.Media.Parameters;

namespace VibezLive.Media.Tests.Negotiation;

using Ortc = VibezLive.Media.Negotiation.Ortc;
using RtpParameters = VibezLive.Media.Parameters.RtpParameters;

/// <summary>
/// Seeded random endpoints (random subsets and orders of the router's codecs, feedback and extensions, random producer
/// payload types and ids): whatever they are, a consumer only ever uses router payload types and extension ids
/// (mediasoup-client refuses anything else), pairs RTX with its media codec, and CanConsume agrees with consume.
/// </summary>
public sealed class OrtcInvariantTests
{
    [Fact]
    public void Consumers_only_use_router_payload_types_and_extension_ids()
    {
        var router = Ortc.GenerateRouterRtpCapabilities(MediaCodecDefaults.Default);
        var routerPts = router.Codecs.Select(c => c.PreferredPayloadType!.Value).ToHashSet();
        var routerExts = router.HeaderExtensions.Select(e => (e.Uri, e.PreferredId)).ToHashSet();
        var random = new Random(20261124);
        var consumed = 0;

        for (var i = 0; i < 300; i++)
        {
            var kind = random.Next(2) == 0 ? MediaKind.Audio : MediaKind.Video;
            var producer = RandomProducer(random, router, kind);
            Ortc.ValidateRtpParameters(producer);
            var consumable = Ortc.GetConsumableRtpParameters(kind, producer, router, Ortc.GetProducerRtpParametersMapping(producer, router));
            var endpoint = RandomEndpoint(random, router);
            var enableRtx = random.Next(2) == 0;

            RtpParameters consumer;
            try
            {
                consumer = Ortc.GetConsumerRtpParameters(consumable, endpoint, pipe: false, enableRtx);
            }
            catch (OrtcException e) when (e.Kind == OrtcErrorKind.Unsupported)
            {
                Assert.False(Ortc.CanConsume(consumable, endpoint));
                continue;
            }

            consumed++;
            Assert.True(Ortc.CanConsume(consumable, endpoint));
            Assert.All(consumer.Codecs, c => Assert.Contains(c.PayloadType, routerPts));
            Assert.All(consumer.HeaderExtensions, e => Assert.Contains((e.Uri, e.Id), routerExts));
            Assert.False(consumer.Codecs[0].MimeType.EndsWith("/rtx", StringComparison.Ordinal));
            var rtx = consumer.Codecs.Where(c => c.MimeType == "video/rtx").ToList();
            Assert.All(rtx, r => Assert.Contains(consumer.Codecs, m => m.PayloadType == r.Parameters["apt"].NumberValue));
            Assert.True(enableRtx || rtx.Count == 0);
            var encoding = Assert.Single(consumer.Encodings);
            Assert.Equal(rtx.Count > 0, encoding.Rtx is not null);
            var feedback = consumer.Codecs.SelectMany(c => c.RtcpFeedback).Select(f => f.Type).ToList();
            Assert.False(feedback.Contains("transport-cc") && feedback.Contains("goog-remb"));
        }

        Assert.InRange(consumed, 50, 300);
    }

    private static RtpParameters RandomProducer(Random random, RtpCapabilities router, MediaKind kind)
    {
        var candidates = router.Codecs.Where(c => c.Kind == kind && c.MimeType != "video/rtx").ToList();
        var cap = candidates[random.Next(candidates.Count)];
        var pt = random.Next(96, 120);
        var codec = new RtpCodecParameters
        {
            MimeType = cap.MimeType,
            PayloadType = pt,
            ClockRate = cap.ClockRate,
            Channels = cap.Channels,
            Parameters = new(cap.Parameters, StringComparer.Ordinal),
        };
        var codecs = new List<RtpCodecParameters> { codec };
        if (kind == MediaKind.Video && random.Next(2) == 0)
        {
            var rtx = new RtpCodecParameters { MimeType = "video/rtx", PayloadType = pt + 1, ClockRate = 90000 };
            rtx.Parameters["apt"] = pt;
            codecs.Add(rtx);
        }

        var extensions = router.HeaderExtensions
            .Where(e => e.Kind == kind && random.Next(3) != 0)
            .Select((e, index) => new RtpHeaderExtensionParameters { Uri = e.Uri, Id = index + 1 })
            .ToList();
        var encodings = kind == MediaKind.Video && random.Next(3) == 0
            ? Enumerable.Range(0, 3).Select(i => new RtpEncodingParameters { Rid = $"r{i}", ScalabilityMode = "L1T3" }).ToList()
            : [new RtpEncodingParameters { Ssrc = (uint)random.Next(1, int.MaxValue) }];

        return new RtpParameters { Mid = "0", Codecs = codecs, HeaderExtensions = extensions, Encodings = encodings, Rtcp = new() { Cname = "c" } };
    }

    private static RtpCapabilities RandomEndpoint(Random random, RtpCapabilities router)
    {
        var endpoint = router.Clone();
        endpoint.Codecs = endpoint.Codecs.Where(_ => random.Next(4) != 0).OrderBy(_ => random.Next()).ToList();
        foreach (var codec in endpoint.Codecs)
        {
            codec.RtcpFeedback = codec.RtcpFeedback.Where(_ => random.Next(3) != 0).ToList();
        }

        endpoint.HeaderExtensions = endpoint.HeaderExtensions.Where(_ => random.Next(3) != 0).ToList();
        return endpoint;
    }
}
