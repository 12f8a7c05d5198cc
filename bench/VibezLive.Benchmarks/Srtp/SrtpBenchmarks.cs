using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using VibezLive.Protocols.Srtp;

namespace VibezLive.Benchmarks.Srtp;

/// <summary>
/// SRTP protect / unprotect of a 1,200-byte-payload video packet per profile. Unprotect needs a fresh index every time
/// (replay protection), so it is measured as protect + unprotect of a new sequence number; unprotect ≈ the difference.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class SrtpBenchmarks
{
    private const int PayloadLength = 1200;
    private const int HeaderLength = 12;

    private readonly byte[] _packet = new byte[HeaderLength + PayloadLength + SrtpSession.MaxOverhead];
    private readonly byte[] _rtcp = new byte[52 + SrtpSession.MaxOverhead];
    private readonly byte[] _forged = new byte[HeaderLength + PayloadLength + SrtpSession.MaxOverhead];
    private int _forgedLength;
    private SrtpSession _sender = null!;
    private SrtpSession _receiver = null!;
    private ushort _seq;

    [Params(SrtpProtectionProfile.AesCm128HmacSha1_80, SrtpProtectionProfile.AesCm128HmacSha1_32, SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.AeadAes256Gcm)]
    public SrtpProtectionProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var key = new byte[SrtpProfiles.KeyLength(Profile)];
        var salt = new byte[SrtpProfiles.SaltLength(Profile)];
        new Random(1).NextBytes(key);
        new Random(2).NextBytes(salt);
        _sender = new SrtpSession(Profile, key, salt);
        _receiver = new SrtpSession(Profile, key, salt);
        _packet[0] = 0x80;
        _packet[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(8), 0x12345678);
        new Random(3).NextBytes(_packet.AsSpan(HeaderLength, PayloadLength));
        _rtcp[0] = 0x81;
        _rtcp[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(_rtcp.AsSpan(2), 12);
        BinaryPrimitives.WriteUInt32BigEndian(_rtcp.AsSpan(4), 0x12345678);

        // A packet whose tag does not verify: rejected without changing any state, so it can be repeated.
        _packet.CopyTo(_forged, 0);
        BinaryPrimitives.WriteUInt16BigEndian(_forged.AsSpan(2), 60000);
        using (var forger = new SrtpSession(Profile, key, salt))
        {
            forger.ProtectRtp(_forged, HeaderLength + PayloadLength, out _forgedLength);
        }

        _forged[_forgedLength - 1] ^= 1;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    /// <summary>Protect in place (the same index again, as a retransmission would: the cost is the same).</summary>
    [Benchmark(Baseline = true)]
    public int ProtectRtp()
    {
        _sender.ProtectRtp(_packet, HeaderLength + PayloadLength, out int length);
        return length;
    }

    [Benchmark]
    public int ProtectThenUnprotectRtp()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(2), ++_seq);
        _sender.ProtectRtp(_packet, HeaderLength + PayloadLength, out int length);
        _receiver.UnprotectRtp(_packet, length, out int plain);
        return plain;
    }

    /// <summary>Cost of rejecting a forged 1,200-byte packet (what an attacker who knows an SSRC can make us spend).</summary>
    [Benchmark]
    public SrtpError UnprotectForgedRtp() => _receiver.UnprotectRtp(_forged, _forgedLength, out _);

    [Benchmark]
    public int ProtectThenUnprotectRtcp()
    {
        _sender.ProtectRtcp(_rtcp, 52, out int length);
        _receiver.UnprotectRtcp(_rtcp, length, out int plain);
        return plain;
    }
}
