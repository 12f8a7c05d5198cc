namespace VibezLive.Protocols.Demux;

/// <summary>What a datagram received on a shared ICE/DTLS/RTP port carries (RFC 7983 §7).</summary>
public enum PacketKind : byte
{
    /// <summary>Not one of the protocols multiplexed on a WebRTC port (ZRTP, TURN channel, garbage).</summary>
    Unknown,
    Stun,
    Dtls,
    Rtp,
    Rtcp,
}
