namespace VibezLive.Protocols.Srtp;

/// <summary>Per-SSRC cryptographic state of one <see cref="SrtpSession"/> (RFC 3711 §3.2.3): ROC/highest index and replay windows.</summary>
internal sealed class SrtpStream
{
    /// <summary>RTP: highest index seen and replay window (receiver) or highest index sent (sender).</summary>
    public SrtpReplayWindow Rtp;

    /// <summary>SRTCP: replay window over the received SRTCP indices.</summary>
    public SrtpReplayWindow Rtcp;

    /// <summary>SRTCP: index of the next protected packet (31 bits, RFC 3711 §3.4); starts at 1 like libsrtp.</summary>
    public uint NextSrtcpIndex = 1;

    /// <summary>
    /// Estimates the 48-bit packet index of <paramref name="seq"/> from the highest index so far (RFC 3711 §3.3.1 and
    /// Appendix A). Returns false when the guess would need a negative rollover counter.
    /// </summary>
    public static bool TryEstimateIndex(in SrtpReplayWindow window, ushort seq, out ulong index)
    {
        if (!window.IsInitialized)
        {
            index = seq;
            return true;
        }

        ulong highest = window.Highest;
        uint roc = (uint)(highest >> 16);
        ushort sl = (ushort)highest;
        long v = roc;
        if (sl < 0x8000)
        {
            if (seq - sl > 0x8000)
            {
                v = (long)roc - 1;
            }
        }
        else if (sl - 0x8000 > seq)
        {
            v = (long)roc + 1;
        }

        if (v < 0 || v > uint.MaxValue)
        {
            index = 0;
            return false;
        }

        index = ((ulong)v << 16) | seq;
        return true;
    }
}
