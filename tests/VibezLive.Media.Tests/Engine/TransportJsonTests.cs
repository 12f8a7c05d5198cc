using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json;
using VibezLive.Media.Dtls;
using VibezLive.Media.Parameters;
using VibezLive.Media.Stats;

namespace VibezLive.Media.Tests.Engine;

/// <summary>The transport fields mediasoup-client's createSendTransport/createRecvTransport read (mediasoup shapes).</summary>
public sealed class TransportJsonTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(MediaJsonContext.Default, MediaStatsJsonContext.Default),
    };

    [Fact]
    public async Task Ice_and_dtls_parameters_have_mediasoup_shapes()
    {
        await using var engine = await EngineHarness.StartAsync();
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());

        var ice = JsonSerializer.SerializeToNode(transport.IceParameters, Json)!.AsObject();
        Assert.Equal(32, ((string)ice["usernameFragment"]!).Length);
        Assert.Equal(32, ((string)ice["password"]!).Length);
        Assert.True((bool)ice["iceLite"]!);

        var candidate = JsonSerializer.SerializeToNode(transport.IceCandidates[0], Json)!.AsObject();
        Assert.Equal("udpcandidate", (string)candidate["foundation"]!);
        Assert.Equal(1076558079u, (uint)candidate["priority"]!); // 2^24·64 + 2^8·(10000 + 1000 preferUdp) + 255
        Assert.Equal("127.0.0.1", (string)candidate["address"]!);
        Assert.Equal("127.0.0.1", (string)candidate["ip"]!);
        Assert.Equal("udp", (string)candidate["protocol"]!);
        Assert.Equal(engine.Worker.LocalEndPoint!.Port, (int)candidate["port"]!);
        Assert.Equal("host", (string)candidate["type"]!);
        Assert.False(candidate.ContainsKey("tcpType"));

        var dtls = JsonSerializer.SerializeToNode(transport.DtlsParameters, Json)!.AsObject();
        Assert.Equal("auto", (string)dtls["role"]!);
        var fingerprints = dtls["fingerprints"]!.AsArray();
        Assert.Equal("sha-256", (string)fingerprints[^1]!["algorithm"]!);
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", (string)fingerprints[^1]!["value"]!);
    }

    [Fact]
    public async Task Connect_reads_the_browser_dtls_parameters_and_takes_the_server_role()
    {
        await using var engine = await EngineHarness.StartAsync();
        var transport = await engine.Router.CreateWebRtcTransportAsync(new WebRtcTransportOptions());
        var remote = JsonSerializer.Deserialize<DtlsParameters>(
            """{"role":"client","fingerprints":[{"algorithm":"sha-256","value":"AB:CD"}]}""", Json)!;
        Assert.Equal(DtlsRole.Client, remote.Role);

        await transport.ConnectAsync(remote);

        Assert.Equal(DtlsRole.Server, transport.DtlsParameters.Role);
        Assert.Equal("server", (string)JsonSerializer.SerializeToNode(transport.DtlsParameters, Json)!["role"]!);
        await Assert.ThrowsAsync<InvalidOperationException>(() => transport.ConnectAsync(remote));
    }

    [Fact]
    public void Sctp_parameters_use_mediasoup_field_names()
    {
        var node = JsonSerializer.SerializeToNode(new SctpParameters(), Json)!.AsObject();
        Assert.Equal(["port", "OS", "MIS", "maxMessageSize"], node.Select(p => p.Key).ToArray());
        Assert.Equal("disconnected", JsonSerializer.SerializeToNode(IceState.Disconnected, Json)!.GetValue<string>());
        _ = typeof(JsonNode);
    }
}
