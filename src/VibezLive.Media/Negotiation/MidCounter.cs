using System.Globalization;

namespace VibezLive.Media.Negotiation;

/// <summary>
/// A transport's consumer MID source: "0", "1", … as mediasoup assigns them, wrapping before nine digits so a MID
/// always fits the 8-byte budget mediasoup keeps for the mid header extension (RFC 8843 §15). Not thread-safe (owned
/// by one transport on its worker).
/// </summary>
public struct MidCounter
{
    private const int Wrap = 100_000_000;
    private int _next;

    public string Next()
    {
        var mid = _next.ToString(CultureInfo.InvariantCulture);
        _next = (_next + 1) % Wrap;
        return mid;
    }
}
