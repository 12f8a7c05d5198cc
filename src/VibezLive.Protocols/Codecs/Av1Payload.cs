namespace VibezLive.Protocols.Codecs;

/// <summary>
/// AV1 RTP payload inspection ("RTP Payload Format For AV1", AOMedia, §4.4). The aggregation header is
/// <c>Z(1) Y(1) W(2) N(1) -(3)</c>; N = 1 marks the first packet of a coded video sequence, which starts with a key
/// frame (and a sequence header OBU).
/// </summary>
public static class Av1Payload
{
    /// <summary>True for the first packet of a new coded video sequence (Z = 0, N = 1).</summary>
    public static bool IsKeyFrame(ReadOnlySpan<byte> payload) =>
        payload.Length >= 2 && (payload[0] & 0x80) == 0 && (payload[0] & 0x08) != 0;
}
