using VibezLive.Protocols.Stun;

namespace VibezLive.Protocols.Tests.Stun;

/// <summary>Answering an ICE check (parse, verify integrity and fingerprint, build the response) allocates nothing.</summary>
public class StunAllocationTests
{
    private static readonly byte[] Password = "s3cr3t-ice-password-24ch"u8.ToArray();

    [Fact]
    public void CheckAndRespond_AllocateZeroBytes()
    {
        byte[] request = StunMessageTests.BuildChromiumLikeCheck();
        byte[] response = new byte[StunConstants.MaxIceMessageLength];
        byte[] address = [127, 0, 0, 1];

        int total = Run(request, response, address, 100); // warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        total += Run(request, response, address, 2_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(total > 0);
    }

    [Fact]
    public void CheckAndRespondWithReusedHmac_AllocateZeroBytes()
    {
        using var hmac = System.Security.Cryptography.IncrementalHash.CreateHMAC(System.Security.Cryptography.HashAlgorithmName.SHA1, Password);
        byte[] request = StunMessageTests.BuildChromiumLikeCheck();
        byte[] response = new byte[StunConstants.MaxIceMessageLength];

        int total = RunReused(hmac, request, response, 100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        total += RunReused(hmac, request, response, 2_000);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(total > 0);
    }

    private static int RunReused(System.Security.Cryptography.IncrementalHash hmac, byte[] request, byte[] response, int iterations)
    {
        int total = 0;
        for (int i = 0; i < iterations; i++)
        {
            if (!StunMessage.TryParse(request, out StunMessage message) || !message.VerifyFingerprint() || !message.VerifyMessageIntegrity(hmac))
            {
                return -1;
            }

            var writer = new StunMessageWriter(response, StunMethod.Binding, StunClass.SuccessResponse, message.TransactionId);
            writer.AddXorMappedAddress([127, 0, 0, 1], 50000);
            writer.AddMessageIntegrity(hmac);
            writer.AddFingerprint();
            total += writer.Length;
        }

        return total;
    }

    private static int Run(byte[] request, byte[] response, byte[] address, int iterations)
    {
        int total = 0;
        for (int i = 0; i < iterations; i++)
        {
            if (!StunMessage.TryParse(request, out StunMessage message)
                || !message.TryGetUsername(out _)
                || !message.TryGetPriority(out _)
                || !message.VerifyFingerprint()
                || !message.VerifyMessageIntegrity(Password))
            {
                return -1;
            }

            var writer = new StunMessageWriter(response, StunMethod.Binding, StunClass.SuccessResponse, message.TransactionId);
            writer.AddXorMappedAddress(address, 50000);
            writer.AddMessageIntegrity(Password);
            writer.AddFingerprint();
            total += writer.Length;
        }

        return total;
    }
}
