using VibezLive.Media.Parameters;

namespace VibezLive.Media.Negotiation;

/// <summary>
/// Decides whether two codec descriptions denote the same codec. Non-strict matching (router construction) compares
/// mime type, clock rate and channels; strict matching (producing, consuming) also compares the format parameters
/// that change the bitstream: H264 packetization-mode and profile (RFC 6184 §8.1, §8.2.2), VP9 profile-id
/// (RFC 9628 §6), multiopus stream counts.
/// </summary>
internal static class CodecMatcher
{
    public static bool IsRtx(string? mimeType) =>
        mimeType is not null && mimeType.EndsWith("/rtx", StringComparison.OrdinalIgnoreCase) && mimeType.Length > 4;

    public static bool Match(RtpCodecCapability a, RtpCodecCapability b, bool strict) =>
        Match(a.MimeType, a.ClockRate, a.Channels, a.Parameters, b.MimeType, b.ClockRate, b.Channels, b.Parameters, strict, modify: false);

    public static bool Match(RtpCodecCapability a, RtpCodecParameters b, bool strict) =>
        Match(a.MimeType, a.ClockRate, a.Channels, a.Parameters, b.MimeType, b.ClockRate, b.Channels, b.Parameters, strict, modify: false);

    /// <summary>Strict match; on success an H264 <paramref name="a"/> gets the answer profile-level-id written back.</summary>
    public static bool MatchAndModify(RtpCodecParameters a, RtpCodecCapability b) =>
        Match(a.MimeType, a.ClockRate, a.Channels, a.Parameters, b.MimeType, b.ClockRate, b.Channels, b.Parameters, strict: true, modify: true);

    private static bool Match(
        string aMime, int aClockRate, int? aChannels, Dictionary<string, CodecParameterValue> aParams,
        string bMime, int bClockRate, int? bChannels, Dictionary<string, CodecParameterValue> bParams,
        bool strict, bool modify)
    {
        if (!string.Equals(aMime, bMime, StringComparison.OrdinalIgnoreCase) || aClockRate != bClockRate)
        {
            return false;
        }

        var isAudio = aMime.StartsWith("audio/", StringComparison.OrdinalIgnoreCase);
        if (isAudio && (aChannels ?? 1) != (bChannels ?? 1))
        {
            return false;
        }

        var mime = aMime.ToLowerInvariant();
        switch (mime)
        {
            case "audio/multiopus":
                return SameValue(aParams, bParams, "num_streams", null) && SameValue(aParams, bParams, "coupled_streams", null);

            case "video/h264":
                if (!strict)
                {
                    return true;
                }

                if (!SameValue(aParams, bParams, "packetization-mode", 0) ||
                    !H264ProfileLevelId.IsSameProfile(aParams, bParams) ||
                    !H264ProfileLevelId.TryGenerateAnswer(aParams, bParams, out var answer))
                {
                    return false;
                }

                if (modify)
                {
                    if (answer is null)
                    {
                        aParams.Remove("profile-level-id");
                    }
                    else
                    {
                        aParams["profile-level-id"] = answer;
                    }
                }

                return true;

            case "video/vp9":
                return !strict || SameValue(aParams, bParams, "profile-id", 0);

            default:
                return true;
        }
    }

    // Compares one parameter; a missing value counts as defaultValue (or differs from any value when null). Numbers
    // and numeric strings compare by value: "1" from a hand-written config and 1 from sdp-transform are one mode.
    private static bool SameValue(Dictionary<string, CodecParameterValue>? a, Dictionary<string, CodecParameterValue>? b, string key, long? defaultValue)
    {
        CodecParameterValue x = default, y = default;
        var hasA = a is not null && a.TryGetValue(key, out x);
        var hasB = b is not null && b.TryGetValue(key, out y);
        if (!hasA && !hasB)
        {
            return true;
        }

        if (hasA && hasB && x == y)
        {
            return true;
        }

        return TryGetNumber(hasA, x, defaultValue, out var nx) && TryGetNumber(hasB, y, defaultValue, out var ny) && nx == ny;
    }

    private static bool TryGetNumber(bool present, CodecParameterValue value, long? defaultValue, out long number)
    {
        if (!present)
        {
            number = defaultValue ?? 0;
            return defaultValue.HasValue;
        }

        return value.TryGetInt64Lenient(out number);
    }
}
