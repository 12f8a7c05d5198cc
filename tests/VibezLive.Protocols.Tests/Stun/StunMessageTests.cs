using System.Buffers.Binary;
using System.Net;
using System.Text;
using VibezLive.Protocols.Stun;
using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Stun;

public class StunMessageTests
{
    private static readonly byte[] TransactionId = Hex.Parse("01 02 03 04 05 06 07 08 09 0a 0b 0c");
    private static readonly byte[] Password = "s3cr3t-ice-password-24ch"u8.ToArray();

    /// <summary>What Chromium sends as an ICE connectivity check to an ICE-lite server (controlling agent).</summary>
    internal static byte[] BuildChromiumLikeCheck(bool useCandidate = true)
    {
        byte[] buffer = new byte[StunConstants.MaxIceMessageLength];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId);
        writer.AddUsername("srvUfrag1234abcd:Cl1e"u8);
        writer.AddAttribute(0xC057, Hex.Parse("00 01 00 0a")); // GOOG-NETWORK-INFO (comprehension-optional)
        writer.AddIceControlling(0x1122334455667788);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddPriority(0x6e7f1eff);
        writer.AddMessageIntegrity(Password);
        writer.AddFingerprint();
        return buffer.AsSpan(0, writer.Length).ToArray();
    }

    [Fact]
    public void ChromiumLikeCheck_RoundTripsAllIceAttributes()
    {
        byte[] check = BuildChromiumLikeCheck();

        Assert.True(StunMessage.TryParse(check, out StunMessage message));
        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(TransactionId, message.TransactionId.ToArray());
        Assert.True(message.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal("srvUfrag1234abcd:Cl1e", Encoding.UTF8.GetString(username));
        Assert.True(message.TryGetIceControlling(out ulong tieBreaker));
        Assert.Equal(0x1122334455667788ul, tieBreaker);
        Assert.True(message.UseCandidate);
        Assert.True(message.TryGetPriority(out uint priority));
        Assert.Equal(0x6e7f1effu, priority);
        Assert.False(message.HasUnknownComprehensionRequiredAttribute);
        Assert.True(message.VerifyMessageIntegrity(Password));
        Assert.True(message.VerifyFingerprint());
        Assert.Equal(global::VibezLive.Protocols.Demux.PacketKind.Stun, PacketKindOf(check));
    }

    [Fact]
    public void SuccessResponse_CarriesXorMappedAddressAndVerifies()
    {
        byte[] buffer = new byte[StunConstants.MaxIceMessageLength];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.SuccessResponse, TransactionId);
        writer.AddXorMappedAddress([127, 0, 0, 1], 50123);
        writer.AddMessageIntegrity(Password);
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, writer.Length), out StunMessage message));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 50123), endPoint);
        Assert.True(message.VerifyMessageIntegrity(Password));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void ErrorResponse_RoundTripsCodeAndReason()
    {
        byte[] buffer = new byte[StunConstants.MaxIceMessageLength];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.ErrorResponse, TransactionId);
        writer.AddErrorCode(487, "Role Conflict");
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, writer.Length), out StunMessage message));
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.True(message.TryGetErrorCode(out int code));
        Assert.Equal(487, code);
        Assert.True(message.TryGetErrorReason(out ReadOnlySpan<byte> reason));
        Assert.Equal("Role Conflict", Encoding.UTF8.GetString(reason));
        Assert.False(message.HasMessageIntegrity);
        Assert.False(message.VerifyMessageIntegrity(Password));
        Assert.True(message.VerifyFingerprint());
    }

    [Theory]
    [InlineData(StunClass.Request, 0x0001)]
    [InlineData(StunClass.Indication, 0x0011)]
    [InlineData(StunClass.SuccessResponse, 0x0101)]
    [InlineData(StunClass.ErrorResponse, 0x0111)]
    public void MessageType_EncodesClassBits(StunClass @class, ushort wireType)
    {
        byte[] buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, @class, TransactionId);

        Assert.Equal(wireType, BinaryPrimitives.ReadUInt16BigEndian(buffer));
        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, writer.Length), out StunMessage message));
        Assert.Equal(@class, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
    }

    [Fact]
    public void ReusedIncrementalHmac_MatchesOneShotBothWays()
    {
        using var hmac = System.Security.Cryptography.IncrementalHash.CreateHMAC(System.Security.Cryptography.HashAlgorithmName.SHA1, Password);
        byte[] check = BuildChromiumLikeCheck();
        Assert.True(StunMessage.TryParse(check, out StunMessage message));
        Assert.True(message.VerifyMessageIntegrity(hmac));
        Assert.True(message.VerifyMessageIntegrity(hmac)); // the instance is left reset

        byte[] oneShot = new byte[256];
        byte[] reused = new byte[256];
        var a = new StunMessageWriter(oneShot, StunMethod.Binding, StunClass.SuccessResponse, TransactionId);
        a.AddXorMappedAddress([10, 0, 0, 1], 1234);
        a.AddMessageIntegrity(Password);
        a.AddFingerprint();
        var b = new StunMessageWriter(reused, StunMethod.Binding, StunClass.SuccessResponse, TransactionId);
        b.AddXorMappedAddress([10, 0, 0, 1], 1234);
        b.AddMessageIntegrity(hmac);
        b.AddFingerprint();
        Assert.Equal(oneShot.AsSpan(0, a.Length).ToArray(), reused.AsSpan(0, b.Length).ToArray());

        using var wrongKey = System.Security.Cryptography.IncrementalHash.CreateHMAC(System.Security.Cryptography.HashAlgorithmName.SHA1, "other"u8);
        Assert.False(message.VerifyMessageIntegrity(wrongKey));
        using var sha256 = System.Security.Cryptography.IncrementalHash.CreateHMAC(System.Security.Cryptography.HashAlgorithmName.SHA256, Password);
        Assert.False(message.VerifyMessageIntegrity(sha256));
    }

    [Fact]
    public void Rfc5769SampleRequest_VerifiesWithIncrementalHmac()
    {
        using var hmac = System.Security.Cryptography.IncrementalHash.CreateHMAC(System.Security.Cryptography.HashAlgorithmName.SHA1, Rfc5769Tests.ShortTermPassword);
        Assert.True(StunMessage.TryParse(Hex.Parse(Rfc5769Tests.SampleRequest), out StunMessage message));
        Assert.True(message.VerifyMessageIntegrity(hmac));
    }

    [Fact]
    public void TamperedMessage_FailsIntegrityAndFingerprint()
    {
        byte[] check = BuildChromiumLikeCheck();
        check[30] ^= 0x01; // inside USERNAME

        Assert.True(StunMessage.TryParse(check, out StunMessage message));
        Assert.False(message.VerifyMessageIntegrity(Password));
        Assert.False(message.VerifyFingerprint());
    }

    [Fact]
    public void TamperedIntegrityValue_FailsOnlyIntegrity()
    {
        byte[] check = BuildChromiumLikeCheck();
        int mi = check.Length - 8 - 20;
        check[mi] ^= 0x80;
        FixFingerprint(check);

        Assert.True(StunMessage.TryParse(check, out StunMessage message));
        Assert.False(message.VerifyMessageIntegrity(Password));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void EveryTruncation_IsRejected()
    {
        byte[] check = BuildChromiumLikeCheck();
        for (int length = 0; length < check.Length; length++)
        {
            Assert.False(StunMessage.TryParse(check.AsSpan(0, length), out _), $"length {length}");
        }
    }

    [Fact]
    public void LengthFieldMismatch_IsRejected()
    {
        byte[] check = BuildChromiumLikeCheck();
        BinaryPrimitives.WriteUInt16BigEndian(check.AsSpan(2), (ushort)(check.Length - 20 + 4));
        Assert.False(StunMessage.TryParse(check, out _));

        BinaryPrimitives.WriteUInt16BigEndian(check.AsSpan(2), (ushort)(check.Length - 20 - 2)); // not a multiple of 4
        Assert.False(StunMessage.TryParse(check, out _));
    }

    [Fact]
    public void WrongCookieOrTopBits_AreRejected()
    {
        byte[] check = BuildChromiumLikeCheck();
        check[4] ^= 0xFF;
        Assert.False(StunMessage.TryParse(check, out _));

        check = BuildChromiumLikeCheck();
        check[0] |= 0x80;
        Assert.False(StunMessage.TryParse(check, out _));
    }

    [Fact]
    public void AttributeRunningPastTheEnd_IsRejected()
    {
        byte[] message = Hex.Parse("00 01 00 08 21 12 a4 42 01 02 03 04 05 06 07 08 09 0a 0b 0c 00 24 00 08 00 00 00 01");
        Assert.False(StunMessage.TryParse(message, out _));
    }

    [Theory]
    [InlineData("00 24 00 02 00 01 00 00")]                   // PRIORITY of 2 bytes
    [InlineData("80 2a 00 04 00 00 00 01")]                   // ICE-CONTROLLING of 4 bytes
    [InlineData("00 25 00 04 00 00 00 00")]                   // USE-CANDIDATE with a value
    [InlineData("00 08 00 04 00 00 00 00")]                   // MESSAGE-INTEGRITY of 4 bytes
    [InlineData("00 20 00 04 00 01 00 00")]                   // XOR-MAPPED-ADDRESS of 4 bytes
    [InlineData("00 09 00 00")]                               // ERROR-CODE without class/number
    public void KnownAttributeWithWrongLength_IsRejected(string attribute)
    {
        Assert.False(StunMessage.TryParse(MessageWith(Hex.Parse(attribute)), out _));
    }

    [Fact]
    public void XorMappedAddressWithFamilyNotMatchingLength_IsNotReturned()
    {
        byte[] message = MessageWith(Hex.Parse("00 20 00 08 00 02 a1 47 e1 12 a6 43"));
        Assert.True(StunMessage.TryParse(message, out StunMessage parsed));
        Assert.False(parsed.TryGetXorMappedAddress(out IPEndPoint? endPoint));
        Assert.Null(endPoint);
    }

    [Fact]
    public void AttributeAfterFingerprint_IsRejected()
    {
        byte[] check = BuildChromiumLikeCheck();
        byte[] extended = [.. check, .. Hex.Parse("00 24 00 04 00 00 00 01")];
        BinaryPrimitives.WriteUInt16BigEndian(extended.AsSpan(2), (ushort)(extended.Length - 20));
        Assert.False(StunMessage.TryParse(extended, out _));
    }

    [Fact]
    public void AttributesAfterMessageIntegrity_AreIgnored()
    {
        byte[] buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId);
        writer.AddMessageIntegrity(Password);
        writer.AddPriority(7); // not covered by the integrity: must not be trusted
        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, writer.Length), out StunMessage message));
        Assert.False(message.TryGetPriority(out _));
    }

    [Fact]
    public void DuplicateAttribute_FirstOneWins()
    {
        byte[] message = MessageWith(Hex.Parse("00 24 00 04 00 00 00 01 00 24 00 04 00 00 00 02"));
        Assert.True(StunMessage.TryParse(message, out StunMessage parsed));
        Assert.True(parsed.TryGetPriority(out uint priority));
        Assert.Equal(1u, priority);
    }

    [Fact]
    public void UnknownComprehensionRequiredAttribute_IsFlagged()
    {
        Assert.True(StunMessage.TryParse(MessageWith(Hex.Parse("00 7f 00 00")), out StunMessage required));
        Assert.True(required.HasUnknownComprehensionRequiredAttribute);
        Assert.True(StunMessage.TryParse(MessageWith(Hex.Parse("c0 57 00 00")), out StunMessage optional));
        Assert.False(optional.HasUnknownComprehensionRequiredAttribute);
    }

    [Fact]
    public void TooManyAttributes_AreRejected()
    {
        byte[] attributes = new byte[4 * (StunConstants.MaxAttributes + 1)];
        for (int i = 0; i < attributes.Length; i += 4)
        {
            attributes[i] = 0xC0; // zero-length comprehension-optional attributes
            attributes[i + 1] = 0x99;
        }

        Assert.False(StunMessage.TryParse(MessageWith(attributes), out _));
        Assert.True(StunMessage.TryParse(MessageWith(attributes.AsSpan(4).ToArray()), out _));
    }

    [Fact]
    public void OversizedUsername_IsRejected()
    {
        byte[] attribute = new byte[4 + 516];
        BinaryPrimitives.WriteUInt16BigEndian(attribute, 0x0006);
        BinaryPrimitives.WriteUInt16BigEndian(attribute.AsSpan(2), 514);
        Assert.False(StunMessage.TryParse(MessageWith(attribute), out _));
    }

    [Fact]
    public void Writer_RejectsBadArguments()
    {
        byte[] buffer = new byte[40];
        Assert.Throws<ArgumentException>(() => new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, new byte[11]));
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId);
            writer.AddUsername(new byte[64]); // does not fit 40 bytes
        });
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.ErrorResponse, TransactionId);
            writer.AddErrorCode(200, "OK");
        });
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.SuccessResponse, TransactionId);
            writer.AddXorMappedAddress(new byte[5], 1);
        });
    }

    private static global::VibezLive.Protocols.Demux.PacketKind PacketKindOf(byte[] datagram) => global::VibezLive.Protocols.Demux.PacketClassifier.Classify(datagram);

    private static byte[] MessageWith(ReadOnlySpan<byte> attributes)
    {
        byte[] message = new byte[20 + attributes.Length];
        BinaryPrimitives.WriteUInt16BigEndian(message, 0x0001);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)attributes.Length);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), StunConstants.MagicCookie);
        TransactionId.CopyTo(message.AsSpan(8));
        attributes.CopyTo(message.AsSpan(20));
        return message;
    }

    private static void FixFingerprint(byte[] message)
    {
        uint crc = System.IO.Hashing.Crc32.HashToUInt32(message.AsSpan(0, message.Length - 8)) ^ StunConstants.FingerprintXor;
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(message.Length - 4), crc);
    }
}
