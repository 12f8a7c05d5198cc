using System.Text;
using VibezLive.Protocols.Demux;
using VibezLive.Protocols.Stun;
using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Stun;

/// <summary>
/// Datagrams captured from a real Chromium 156 talking to an ICE-lite peer (Fuzz/Corpora/chromium-*.txt, made by
/// capture-chromium.mjs next to them).
/// </summary>
public class ChromiumCaptureTests
{
    private static readonly byte[] LitePassword = "vibezLitePassword0123456789"u8.ToArray();

    [Fact]
    public void ConnectivityChecks_ParseAndVerify()
    {
        IReadOnlyList<byte[]> checks = FuzzCorpus.Load("chromium-stun");
        Assert.Equal(2, checks.Count);
        bool[] useCandidate = new bool[checks.Count];
        for (int i = 0; i < checks.Count; i++)
        {
            byte[] datagram = checks[i];
            Assert.Equal(PacketKind.Stun, PacketClassifier.Classify(datagram));
            Assert.True(StunMessage.TryParse(datagram, out StunMessage message));
            Assert.Equal(StunMethod.Binding, message.Method);
            Assert.Equal(StunClass.Request, message.Class);
            Assert.True(message.TryGetUsername(out ReadOnlySpan<byte> username));
            Assert.Equal("vibezLiteUfrag01:sl6k", Encoding.UTF8.GetString(username));
            Assert.True(message.TryGetPriority(out uint priority));
            Assert.Equal(0x6e7f1effu, priority);
            Assert.True(message.TryGetIceControlling(out ulong tieBreaker));
            Assert.Equal(0x6099169755794dccul, tieBreaker);
            Assert.False(message.TryGetIceControlled(out _));
            Assert.False(message.HasUnknownComprehensionRequiredAttribute); // GOOG-NETWORK-INFO is 0xC057
            Assert.True(message.VerifyFingerprint());
            Assert.True(message.VerifyMessageIntegrity(LitePassword));
            Assert.False(message.VerifyMessageIntegrity("vibezLitePassword012345678X"u8));
            useCandidate[i] = message.UseCandidate;
        }

        Assert.Equal([false, true], useCandidate);
    }

    [Fact]
    public void DtlsClientHelloFlight_IsClassifiedAsDtls()
    {
        IReadOnlyList<byte[]> flight = FuzzCorpus.Load("chromium-dtls");
        Assert.Equal(2, flight.Count);
        foreach (byte[] datagram in flight)
        {
            Assert.Equal(PacketKind.Dtls, PacketClassifier.Classify(datagram));
            Assert.Equal(22, datagram[0]); // handshake record
            Assert.False(StunMessage.TryParse(datagram, out _));
        }
    }
}
