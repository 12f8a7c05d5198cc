using System.Text.Json;
using BenchmarkDotNet.Attributes;
using VibezLive.Media.Parameters;

namespace VibezLive.Benchmarks.Ortc;

using Ortc = VibezLive.Media.Negotiation.Ortc;
using MediaCodecDefaults = VibezLive.Media.Negotiation.MediaCodecDefaults;
using RtpParameters = VibezLive.Media.Parameters.RtpParameters;

/// <summary>
/// Control-path cost of negotiation (not a packet path): what a router creation, a <c>produce</c> and a
/// <c>consume</c> spend in Ortc, and serializing a consumer's parameters for the client. Matters for join storms
/// (N peers joining a room of N means N² consumes).
/// </summary>
[MemoryDiagnoser]
public class OrtcBenchmarks
{
    private const string ChromeVideoProduce = """
        { "mid": "1",
          "codecs": [
            { "mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000, "parameters": {},
              "rtcpFeedback": [ { "type": "goog-remb", "parameter": "" }, { "type": "transport-cc", "parameter": "" },
                                { "type": "ccm", "parameter": "fir" }, { "type": "nack", "parameter": "" }, { "type": "nack", "parameter": "pli" } ] },
            { "mimeType": "video/rtx", "payloadType": 97, "clockRate": 90000, "parameters": { "apt": 96 }, "rtcpFeedback": [] } ],
          "headerExtensions": [
            { "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 4, "encrypt": false, "parameters": {} },
            { "uri": "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "id": 2, "encrypt": false, "parameters": {} },
            { "uri": "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", "id": 3, "encrypt": false, "parameters": {} } ],
          "encodings": [ { "ssrc": 2222222222, "rtx": { "ssrc": 3333333333 }, "dtx": false } ],
          "rtcp": { "cname": "Xq3/abcdEFGH", "reducedSize": true } }
        """;

    private RtpCapabilities _routerCaps = null!;
    private RtpParameters _consumable = null!;
    private RtpParameters _consumer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _routerCaps = Ortc.GenerateRouterRtpCapabilities(MediaCodecDefaults.Default);
        _consumable = Produce();
        _consumer = Ortc.GetConsumerRtpParameters(_consumable, _routerCaps, pipe: false, enableRtx: true);
    }

    [Benchmark]
    public RtpCapabilities GenerateRouterCapabilities() => Ortc.GenerateRouterRtpCapabilities(MediaCodecDefaults.Default);

    /// <summary>JSON → validate → mapping → consumable, as a <c>produce</c> request does.</summary>
    [Benchmark]
    public RtpParameters Produce()
    {
        var p = (RtpParameters)JsonSerializer.Deserialize(ChromeVideoProduce, typeof(RtpParameters), MediaJsonContext.Default)!;
        Ortc.ValidateRtpParameters(p);
        var mapping = Ortc.GetProducerRtpParametersMapping(p, _routerCaps);
        return Ortc.GetConsumableRtpParameters(MediaKind.Video, p, _routerCaps, mapping);
    }

    [Benchmark]
    public RtpParameters Consume() => Ortc.GetConsumerRtpParameters(_consumable, _routerCaps, pipe: false, enableRtx: true);

    [Benchmark]
    public string SerializeConsumer() => JsonSerializer.Serialize(_consumer, typeof(RtpParameters), MediaJsonContext.Default);
}
