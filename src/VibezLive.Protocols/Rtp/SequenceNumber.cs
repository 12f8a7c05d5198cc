namespace VibezLive.Protocols.Rtp;

/// <summary>16-bit RTP sequence number arithmetic modulo 2^16 (RFC 3550 §A.1, serial number arithmetic RFC 1982).</summary>
public static class SequenceNumber
{
    /// <summary>
    /// True when <paramref name="a"/> comes after <paramref name="b"/>: the forward distance from b to a is in
    /// 1..32767, or exactly 32768 with a &gt; b (the ambiguous half-way case, broken deterministically).
    /// </summary>
    public static bool IsNewer(ushort a, ushort b)
    {
        ushort forward = (ushort)(a - b);
        return forward == 0x8000 ? a > b : forward is > 0 and < 0x8000;
    }

    /// <summary>Signed shortest distance from <paramref name="from"/> to <paramref name="to"/>, in -32768..32767.</summary>
    public static int Distance(ushort from, ushort to) => (short)(ushort)(to - from);
}
