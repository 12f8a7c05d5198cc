using System.Buffers.Binary;

namespace VibezLive.Protocols.Demux;

/// <summary>
/// Demultiplexes STUN, DTLS, RTP and RTCP arriving on one port by their first byte (RFC 7983 §7), and RTP from
/// RTCP by the second byte (RFC 5761 §4: RTCP packet types 192..223 fall where RTP payload types 64..95 would
/// sit with the marker bit set, a range RTP must not use when muxed).
/// </summary>
/// <remarks>
/// <code>
///                  +----------------+
///                  |        [0..3] -+--> STUN
///                  |      [16..19] -+--> ZRTP      (Unknown)
///  packet -->      |      [20..63] -+--> DTLS
///                  |      [64..79] -+--> TURN Chan (Unknown)
///                  |    [128..191] -+--> RTP/RTCP
///                  +----------------+
/// </code>
/// Minimum sizes are checked too so that callers can hand the datagram to the matching parser without
/// re-checking them: STUN header 20 bytes with the magic cookie (RFC 8489 §5), DTLS record header 13 bytes
/// (RFC 6347 §4.1), RTP fixed header 12 bytes (RFC 3550 §5.1), RTCP header 8 bytes (RFC 3550 §6.4).
/// </remarks>
public static class PacketClassifier
{
    private const uint StunMagicCookie = 0x2112A442;

    public static PacketKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 2)
        {
            return PacketKind.Unknown;
        }

        byte first = datagram[0];
        if (first <= 3)
        {
            return datagram.Length >= 20 && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == StunMagicCookie
                ? PacketKind.Stun
                : PacketKind.Unknown;
        }

        if (first is >= 20 and <= 63)
        {
            return datagram.Length >= 13 ? PacketKind.Dtls : PacketKind.Unknown;
        }

        if (first is >= 128 and <= 191)
        {
            byte second = datagram[1];
            if (second is >= 192 and <= 223)
            {
                return datagram.Length >= 8 ? PacketKind.Rtcp : PacketKind.Unknown;
            }

            return datagram.Length >= 12 ? PacketKind.Rtp : PacketKind.Unknown;
        }

        return PacketKind.Unknown;
    }
}
