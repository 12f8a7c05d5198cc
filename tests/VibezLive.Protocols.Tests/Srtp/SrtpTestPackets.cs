using System.Buffers.Binary;
using VibezLive.Protocols.Srtp;

namespace VibezLive.Protocols.Tests.Srtp;

internal static class SrtpTestPackets
{
    public static readonly SrtpProtectionProfile[] Profiles =
    [
        SrtpProtectionProfile.AesCm128HmacSha1_80,
        SrtpProtectionProfile.AesCm128HmacSha1_32,
        SrtpProtectionProfile.AeadAes128Gcm,
        SrtpProtectionProfile.AeadAes256Gcm,
    ];

    public static TheoryData<SrtpProtectionProfile> AllProfiles()
    {
        var data = new TheoryData<SrtpProtectionProfile>();
        foreach (SrtpProtectionProfile p in Profiles)
        {
            data.Add(p);
        }

        return data;
    }

    public static (SrtpSession Sender, SrtpSession Receiver) Pair(SrtpProtectionProfile profile, int seed = 1)
    {
        byte[] key = Fill(SrtpProfiles.KeyLength(profile), seed);
        byte[] salt = Fill(SrtpProfiles.SaltLength(profile), seed + 100);
        return (new SrtpSession(profile, key, salt), new SrtpSession(profile, key, salt));
    }

    public static byte[] Fill(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>An RTP packet with 2 CSRCs and a one-byte header extension block, in a buffer with room for the tag.</summary>
    public static byte[] Rtp(uint ssrc, ushort seq, int payloadLength, out int length, bool csrcsAndExtension = true)
    {
        int header = csrcsAndExtension ? 12 + 8 + 8 : 12;
        length = header + payloadLength;
        var buffer = new byte[length + SrtpSession.MaxOverhead];
        buffer[0] = (byte)(csrcsAndExtension ? 0x92 : 0x80); // V=2, X, CC=2
        buffer[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), seq * 90u);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
        if (csrcsAndExtension)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(12), 0x11111111);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(16), 0x22222222);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(20), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(22), 1);
            buffer[24] = 0x10; // id 1, len 1
            buffer[25] = 0xAB;
        }

        for (int i = header; i < length; i++)
        {
            buffer[i] = (byte)(i * 7);
        }

        return buffer;
    }

    /// <summary>A sender report with one report block (52 bytes).</summary>
    public static byte[] Rtcp(uint ssrc, out int length)
    {
        length = 52;
        var buffer = new byte[length + SrtpSession.MaxOverhead];
        buffer[0] = 0x81;
        buffer[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)((length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), ssrc);
        for (int i = 8; i < length; i++)
        {
            buffer[i] = (byte)(i * 3);
        }

        return buffer;
    }
}
