namespace VibezLive.Media.Parameters;

/// <summary>
/// A parsed W3C webrtc-svc scalability mode ("L1T3", "L3T3_KEY", "S2T1"): spatial and temporal layer counts and
/// whether it is a K-SVC mode. Anything unrecognised is L1T1, as mediasoup treats it.
/// </summary>
public readonly record struct ScalabilityMode(int SpatialLayers, int TemporalLayers, bool Ksvc)
{
    public static ScalabilityMode Default => new(1, 1, false);

    /// <summary>Parses the prefix <c>[LS]&lt;1..99&gt;T&lt;1..99&gt;(_KEY)?</c>; anything else yields <see cref="Default"/>.</summary>
    public static ScalabilityMode Parse(string? mode)
    {
        if (string.IsNullOrEmpty(mode) || (mode[0] != 'L' && mode[0] != 'S'))
        {
            return Default;
        }

        var pos = 1;
        if (!TryReadLayerCount(mode, ref pos, out var spatial) || pos >= mode.Length || mode[pos] != 'T')
        {
            return Default;
        }

        pos++;
        if (!TryReadLayerCount(mode, ref pos, out var temporal))
        {
            return Default;
        }

        var ksvc = string.CompareOrdinal(mode, pos, "_KEY", 0, 4) == 0;
        return new ScalabilityMode(spatial, temporal, ksvc);
    }

    // One digit 1..9 optionally followed by a second digit: 1..99.
    private static bool TryReadLayerCount(string mode, ref int pos, out int count)
    {
        count = 0;
        if (pos >= mode.Length || mode[pos] < '1' || mode[pos] > '9')
        {
            return false;
        }

        count = mode[pos++] - '0';
        if (pos < mode.Length && char.IsAsciiDigit(mode[pos]))
        {
            count = (count * 10) + (mode[pos++] - '0');
        }

        return true;
    }
}
