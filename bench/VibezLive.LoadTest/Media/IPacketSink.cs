namespace VibezLive.LoadTest.Media;

/// <summary>Receives the decrypted RTP and RTCP of one <see cref="ClientTransport"/>, on its receive loop.</summary>
internal interface IPacketSink
{
    /// <summary>A plain RTP packet; <paramref name="arrival"/> is a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
    void OnRtp(ReadOnlySpan<byte> packet, long arrival);

    /// <summary>A plain (possibly compound) RTCP packet.</summary>
    void OnRtcp(ReadOnlySpan<byte> packet, long arrival);
}
