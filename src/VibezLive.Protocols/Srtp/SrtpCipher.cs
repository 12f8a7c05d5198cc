namespace VibezLive.Protocols.Srtp;

/// <summary>
/// The transform of one profile, holding the session keys of both RTP and RTCP for one direction. Layout decisions
/// (where tag and SRTCP index go) live here; index bookkeeping lives in <see cref="SrtpSession"/>.
/// </summary>
internal abstract class SrtpCipher : IDisposable
{
    /// <summary>Bytes appended to RTP.</summary>
    public abstract int RtpOverhead { get; }

    /// <summary>Bytes appended to RTCP (E-bit + index and tag).</summary>
    public abstract int RtcpOverhead { get; }

    /// <summary>Offset of the E-bit + SRTCP index word inside a protected RTCP packet of <paramref name="length"/> bytes.</summary>
    public abstract int RtcpTrailerOffset(int length);

    /// <summary>Encrypts [headerLength, length) and writes the tag at [length, length + RtpOverhead).</summary>
    public abstract void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>
    /// Verifies the tag of a protected packet of <paramref name="length"/> bytes and decrypts it in place; on failure the
    /// payload may have been overwritten (the caller drops it).
    /// </summary>
    public abstract bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Encrypts [8, length), appends E-bit + <paramref name="index"/> and the tag.</summary>
    public abstract void ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index);

    /// <summary>Verifies and (when <paramref name="encrypted"/>) decrypts a protected RTCP packet in place.</summary>
    public abstract bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint index, bool encrypted);

    public abstract void Dispose();
}
