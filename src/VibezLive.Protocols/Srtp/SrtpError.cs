namespace VibezLive.Protocols.Srtp;

/// <summary>Outcome of an SRTP/SRTCP operation. Every non-<see cref="None"/> value means "drop the packet".</summary>
public enum SrtpError : byte
{
    None,
    /// <summary>Shorter than a header plus the authentication tag (and SRTCP index).</summary>
    TooShort,
    /// <summary>The authentication tag does not verify.</summary>
    AuthenticationFailed,
    /// <summary>The index was already received (RFC 3711 §3.3.2).</summary>
    ReplayedPacket,
    /// <summary>The index is behind the replay window.</summary>
    TooOld,
    /// <summary>The buffer has no room for the tag / SRTCP index.</summary>
    BufferTooSmall,
    /// <summary>Not a well-formed RTP/RTCP packet (version, header length).</summary>
    Malformed,
    /// <summary>A new SSRC would exceed the session's bound on per-SSRC contexts.</summary>
    TooManyStreams,
}
