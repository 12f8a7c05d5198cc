using System.Buffers.Binary;

namespace VibezLive.Protocols.Codecs;

/// <summary>
/// H.264 RTP payload inspection (RFC 6184 §5). The NAL unit header is <c>F(1) NRI(2) Type(5)</c>; types 1..23 are
/// single NAL units (§5.6), 24 is STAP-A (§5.7.1: 2-byte size + NAL unit, repeated), 28 is FU-A (§5.8: FU
/// indicator, then FU header <c>S E R Type</c>).
/// </summary>
public static class H264Payload
{
    public const byte NalTypeIdr = 5;
    public const byte NalTypeSps = 7;
    public const byte NalTypePps = 8;
    public const byte NalTypeStapA = 24;
    public const byte NalTypeFuA = 28;

    /// <summary>
    /// True when the payload starts a key frame: it is (or aggregates, or starts the fragmentation of) an IDR slice
    /// or an SPS. Browsers send SPS/PPS right before each IDR, so either marks the key frame's first packet.
    /// </summary>
    public static bool IsKeyFrame(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        int type = payload[0] & 0x1F;
        switch (type)
        {
            case NalTypeStapA:
                int position = 1;
                while (payload.Length - position >= 2)
                {
                    int size = BinaryPrimitives.ReadUInt16BigEndian(payload[position..]);
                    position += 2;
                    if (size == 0 || size > payload.Length - position)
                    {
                        return false;
                    }

                    if (IsKeyNal(payload[position] & 0x1F))
                    {
                        return true;
                    }

                    position += size;
                }

                return false;
            case NalTypeFuA:
                // FU header: S (start) bit and the fragmented NAL unit's type.
                return payload.Length >= 3 && (payload[1] & 0x80) != 0 && IsKeyNal(payload[1] & 0x1F);
            default:
                return IsKeyNal(type);
        }
    }

    private static bool IsKeyNal(int type) => type is NalTypeIdr or NalTypeSps;
}
