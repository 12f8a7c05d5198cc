using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using VibezLive.Protocols.Stun;

namespace VibezLive.Benchmarks.Protocols;

/// <summary>An ICE-lite server's work per connectivity check: verify the request, build the signed response.</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class StunBenchmarks
{
    private static readonly byte[] Password = "s3cr3t-ice-password-24ch"u8.ToArray();
    private readonly byte[] _request = BuildRequest();
    private readonly byte[] _response = new byte[StunConstants.MaxIceMessageLength];
    private readonly byte[] _address = [127, 0, 0, 1];
    private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, Password);

    [Benchmark]
    public bool CheckRequest() =>
        StunMessage.TryParse(_request, out StunMessage message)
        && message.TryGetUsername(out _)
        && message.TryGetPriority(out _)
        && message.VerifyFingerprint()
        && message.VerifyMessageIntegrity(Password);

    [Benchmark]
    public int BuildResponse()
    {
        var writer = new StunMessageWriter(_response, StunMethod.Binding, StunClass.SuccessResponse, _request.AsSpan(8, 12));
        writer.AddXorMappedAddress(_address, 50000);
        writer.AddMessageIntegrity(Password);
        writer.AddFingerprint();
        return writer.Length;
    }

    /// <summary>Same check with the transport's reused HMAC-SHA1 (no per-call key setup, no message copy).</summary>
    [Benchmark]
    public bool CheckRequestReusedHmac() =>
        StunMessage.TryParse(_request, out StunMessage message)
        && message.TryGetUsername(out _)
        && message.TryGetPriority(out _)
        && message.VerifyFingerprint()
        && message.VerifyMessageIntegrity(_hmac);

    [Benchmark]
    public int BuildResponseReusedHmac()
    {
        var writer = new StunMessageWriter(_response, StunMethod.Binding, StunClass.SuccessResponse, _request.AsSpan(8, 12));
        writer.AddXorMappedAddress(_address, 50000);
        writer.AddMessageIntegrity(_hmac);
        writer.AddFingerprint();
        return writer.Length;
    }

    private static byte[] BuildRequest()
    {
        byte[] buffer = new byte[StunConstants.MaxIceMessageLength];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        writer.AddUsername("srvUfrag1234abcd:Cl1e"u8);
        writer.AddAttribute(0xC057, [0, 1, 0, 10]);
        writer.AddIceControlling(0x1122334455667788);
        writer.AddUseCandidate();
        writer.AddPriority(0x6e7f1eff);
        writer.AddMessageIntegrity(Password);
        writer.AddFingerprint();
        return buffer.AsSpan(0, writer.Length).ToArray();
    }
}
