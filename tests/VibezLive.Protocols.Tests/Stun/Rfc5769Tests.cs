using System.Net;
using System.Security.Cryptography;
using System.Text;
using VibezLive.Protocols.Stun;
using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Stun;

/// <summary>The test vectors of RFC 5769 ("Test Vectors for Session Traversal Utilities for NAT (STUN)").</summary>
public class Rfc5769Tests
{
    // §2.1 Sample Request (short-term credentials, ICE attributes).
    internal const string SampleRequest = """
        00 01 00 58
        21 12 a4 42
        b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 10
        53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
        00 24 00 04
        6e 00 01 ff
        80 29 00 08
        93 2f f9 b1 51 26 3b 36
        00 06 00 09
        65 76 74 6a 3a 68 36 76 59 20 20 20
        00 08 00 14
        9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
        80 28 00 04
        e5 7a 3b cf
        """;

    // §2.2 Sample IPv4 Response.
    internal const string SampleIpv4Response = """
        01 01 00 3c
        21 12 a4 42
        b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 0b
        74 65 73 74 20 76 65 63 74 6f 72 20
        00 20 00 08
        00 01 a1 47 e1 12 a6 43
        00 08 00 14
        2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
        80 28 00 04
        c0 7d 4c 96
        """;

    // §2.3 Sample IPv6 Response.
    internal const string SampleIpv6Response = """
        01 01 00 48
        21 12 a4 42
        b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 0b
        74 65 73 74 20 76 65 63 74 6f 72 20
        00 20 00 14
        00 02 a1 47
        01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
        00 08 00 14
        a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
        80 28 00 04
        c8 fb 0b 4c
        """;

    // §2.4 Sample Request with Long-Term Authentication (no FINGERPRINT).
    internal const string SampleLongTermRequest = """
        00 01 00 60
        21 12 a4 42
        78 ad 34 33 c6 ad 72 c0 29 da 41 2e
        00 06 00 12
        e3 83 9e e3 83 88 e3 83 aa e3 83 83 e3 82 af e3 82 b9 00 00
        00 15 00 1c
        66 2f 2f 34 39 39 6b 39 35 34 64 36 4f 4c 33 34 6f 4c 39 46 53 54 76 79 36 34 73 41
        00 14 00 0b
        65 78 61 6d 70 6c 65 2e 6f 72 67 00
        00 08 00 14
        f6 70 24 65 6d d6 4a 3e 02 b8 e0 71 2e 85 c9 a2 8c a8 96 66
        """;

    internal static readonly byte[] ShortTermPassword = "VOkJxbRl1RmTxUk/WvJxBt"u8.ToArray();

    private static readonly byte[] TransactionId = Hex.Parse("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae");

    [Fact]
    public void SampleRequest_ParsesIceAttributesAndVerifies()
    {
        byte[] datagram = Hex.Parse(SampleRequest);

        Assert.True(StunMessage.TryParse(datagram, out StunMessage message));
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal(TransactionId, message.TransactionId.ToArray());
        Assert.True(message.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(username));
        Assert.True(message.TryGetPriority(out uint priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetIceControlled(out ulong tieBreaker));
        Assert.Equal(0x932ff9b151263b36ul, tieBreaker);
        Assert.False(message.TryGetIceControlling(out _));
        Assert.False(message.UseCandidate);
        Assert.True(message.TryGetAttribute((ushort)StunAttributeType.Software, out ReadOnlySpan<byte> software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software));
        Assert.True(message.HasMessageIntegrity);
        Assert.True(message.HasFingerprint);
        Assert.True(message.VerifyMessageIntegrity(ShortTermPassword));
        Assert.True(message.VerifyFingerprint());
        Assert.False(message.VerifyMessageIntegrity("wrong password"u8));
    }

    [Fact]
    public void SampleIpv4Response_DecodesXorMappedAddress()
    {
        byte[] datagram = Hex.Parse(SampleIpv4Response);

        Assert.True(StunMessage.TryParse(datagram, out StunMessage message));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), endPoint);
        Assert.True(message.VerifyMessageIntegrity(ShortTermPassword));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void SampleIpv6Response_DecodesXorMappedAddress()
    {
        byte[] datagram = Hex.Parse(SampleIpv6Response);

        Assert.True(StunMessage.TryParse(datagram, out StunMessage message));
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), endPoint);
        Assert.True(message.VerifyMessageIntegrity(ShortTermPassword));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void SampleLongTermRequest_VerifiesWithMd5Key()
    {
        byte[] datagram = Hex.Parse(SampleLongTermRequest);

        Assert.True(StunMessage.TryParse(datagram, out StunMessage message));
        Assert.True(message.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", Encoding.UTF8.GetString(username));
        Assert.False(message.HasFingerprint);

        // §9.2.2 of RFC 8489 / RFC 5389 §15.4: key = MD5(username ":" realm ":" SASLprep(password)); the RFC's
        // password "TheMa\u00ADtr\u2168x" SASLpreps to "TheMatrIX".
#pragma warning disable CA5351 // MD5 is what the long-term credential mechanism specifies.
        byte[] key = MD5.HashData(Encoding.UTF8.GetBytes("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9:example.org:TheMatrIX"));
#pragma warning restore CA5351
        Assert.True(message.VerifyMessageIntegrity(key));
    }

    [Fact]
    public void Writer_ReproducesSampleIpv4ResponseByteForByte()
    {
        byte[] expected = Hex.Parse(SampleIpv4Response);
        byte[] buffer = new byte[StunConstants.MaxIceMessageLength];

        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.SuccessResponse, TransactionId);
        writer.AddAttribute((ushort)StunAttributeType.Software, "test vector"u8);
        buffer[writer.Length - 1] = 0x20; // the RFC pads with a space where the writer pads with zero
        writer.AddXorMappedAddress([192, 0, 2, 1], 32853);
        writer.AddMessageIntegrity(ShortTermPassword);
        writer.AddFingerprint();

        Assert.Equal(expected, buffer.AsSpan(0, writer.Length).ToArray());
    }

    [Fact]
    public void Writer_ReproducesSampleIpv6ResponseByteForByte()
    {
        byte[] expected = Hex.Parse(SampleIpv6Response);
        byte[] buffer = new byte[StunConstants.MaxIceMessageLength];

        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.SuccessResponse, TransactionId);
        writer.AddAttribute((ushort)StunAttributeType.Software, "test vector"u8);
        buffer[writer.Length - 1] = 0x20; // the RFC pads with a space where the writer pads with zero
        writer.AddXorMappedAddress(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677").GetAddressBytes(), 32853);
        writer.AddMessageIntegrity(ShortTermPassword);
        writer.AddFingerprint();

        Assert.Equal(expected, buffer.AsSpan(0, writer.Length).ToArray());
    }
}
