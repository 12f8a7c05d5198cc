using System.Globalization;
using VibezLive.Media.Parameters;

namespace VibezLive.Media.Negotiation;

/// <summary>
/// H.264 <c>profile-level-id</c> (RFC 6184 §8.1): three bytes in hex, <c>profile_idc</c>, <c>profile-iop</c> (the
/// constraint_set flags) and <c>level_idc</c>. Level 1b is <see cref="Level1b"/>.
/// </summary>
public readonly record struct H264ProfileLevelId(H264Profile Profile, int Level)
{
    /// <summary>Level 1b (H.264 Table A-1): level_idc 11 with constraint_set3_flag set.</summary>
    public const int Level1b = 0;

    /// <summary>
    /// Used when the parameter is absent. RFC 6184 says Baseline level 1, but WebRTC endpoints (libwebrtc, mediasoup)
    /// assume Constrained Baseline level 3.1 for compatibility with old peers that omit it.
    /// </summary>
    public static H264ProfileLevelId Default => new(H264Profile.ConstrainedBaseline, 31);

    private const string ParameterName = "profile-level-id";

    // constraint_set3_flag: with level_idc 11 it means level 1b (H.264 §A.3.1, §A.3.2).
    private const byte ConstraintSet3Flag = 0x10;

    private static readonly int[] ValidLevels = [10, 11, 12, 13, 20, 21, 22, 30, 31, 32, 40, 41, 42, 50, 51, 52];

    // (profile_idc, profile-iop mask, profile-iop value, profile); first match wins. The constraint_set0..2 flags
    // say which other profiles' decoders can decode the stream (H.264 §7.4.2.1.1): Baseline with constraint_set1
    // (decodable by Main) is Constrained Baseline, and so are Main with constraint_set0 and Extended with set0+set1.
    // constraint_set4/5 on High (0x0C) make Constrained High. The low bits not covered here must be zero.
    private static readonly (byte Idc, byte Mask, byte Value, H264Profile Profile)[] ProfilePatterns =
    [
        (0x42, 0x4F, 0x40, H264Profile.ConstrainedBaseline), // x1xx0000
        (0x4D, 0x8F, 0x80, H264Profile.ConstrainedBaseline), // 1xxx0000
        (0x58, 0xCF, 0xC0, H264Profile.ConstrainedBaseline), // 11xx0000
        (0x42, 0x4F, 0x00, H264Profile.Baseline),            // x0xx0000
        (0x58, 0xCF, 0x80, H264Profile.Baseline),            // 10xx0000
        (0x4D, 0xAF, 0x00, H264Profile.Main),                // 0x0x0000
        (0x64, 0xFF, 0x00, H264Profile.High),                // 00000000
        (0x64, 0xFF, 0x0C, H264Profile.ConstrainedHigh),     // 00001100
        (0xF4, 0xFF, 0x00, H264Profile.PredictiveHigh444),   // 00000000
    ];

    /// <summary>Parses six hex digits; false for unknown profiles or levels.</summary>
    public static bool TryParse(string? text, out H264ProfileLevelId value)
    {
        value = default;
        if (text is null || text.Length != 6 ||
            !uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits))
        {
            return false;
        }

        var profileIdc = (byte)(bits >> 16);
        var profileIop = (byte)(bits >> 8);
        var levelIdc = (byte)bits;

        int level;
        if (levelIdc == 11 && (profileIop & ConstraintSet3Flag) != 0)
        {
            level = Level1b;
        }
        else if (Array.IndexOf(ValidLevels, levelIdc) >= 0)
        {
            level = levelIdc;
        }
        else
        {
            return false;
        }

        foreach (var (idc, mask, pattern, profile) in ProfilePatterns)
        {
            if (idc == profileIdc && (profileIop & mask) == pattern)
            {
                value = new H264ProfileLevelId(profile, level);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads <c>profile-level-id</c> from codec parameters (<see cref="Default"/> when absent). sdp-transform turns
    /// all-digit values such as "640032" into JSON numbers, so numbers are read back as six-digit text.
    /// </summary>
    public static bool TryParse(IReadOnlyDictionary<string, CodecParameterValue>? parameters, out H264ProfileLevelId value)
    {
        if (parameters is null || !parameters.TryGetValue(ParameterName, out var raw))
        {
            value = Default;
            return true;
        }

        return TryParse(AsText(raw), out value);
    }

    /// <summary>True when both parameter sets carry valid profile-level-ids of the same profile.</summary>
    public static bool IsSameProfile(IReadOnlyDictionary<string, CodecParameterValue>? a, IReadOnlyDictionary<string, CodecParameterValue>? b) =>
        TryParse(a, out var pa) && TryParse(b, out var pb) && pa.Profile == pb.Profile;

    /// <summary>
    /// The profile-level-id to answer with (RFC 6184 §8.2.2): same profile required; the level is the local one when
    /// both sides allow level asymmetry, otherwise the lower of the two. <paramref name="answer"/> is null when neither
    /// side has the parameter (both use the default). False when the two are incompatible.
    /// </summary>
    public static bool TryGenerateAnswer(
        IReadOnlyDictionary<string, CodecParameterValue>? local,
        IReadOnlyDictionary<string, CodecParameterValue>? remote,
        out string? answer)
    {
        answer = null;
        if (!Has(local) && !Has(remote))
        {
            return true;
        }

        if (!TryParse(local, out var l) || !TryParse(remote, out var r) || l.Profile != r.Profile)
        {
            return false;
        }

        var level = IsLevelAsymmetryAllowed(local) && IsLevelAsymmetryAllowed(remote)
            ? l.Level
            : (LevelRank(l.Level) <= LevelRank(r.Level) ? l.Level : r.Level);

        answer = new H264ProfileLevelId(l.Profile, level).ToProfileLevelIdString();
        return answer is not null;
    }

    /// <summary>The six lowercase hex digits, or null for a combination that has no encoding (level 1b of High).</summary>
    public string? ToProfileLevelIdString()
    {
        if (Level == Level1b)
        {
            return Profile switch
            {
                H264Profile.ConstrainedBaseline => "42f00b",
                H264Profile.Baseline => "42100b",
                H264Profile.Main => "4d100b",
                _ => null,
            };
        }

        var prefix = Profile switch
        {
            H264Profile.ConstrainedBaseline => "42e0",
            H264Profile.Baseline => "4200",
            H264Profile.Main => "4d00",
            H264Profile.ConstrainedHigh => "640c",
            H264Profile.High => "6400",
            H264Profile.PredictiveHigh444 => "f400",
            _ => null,
        };
        return prefix is null ? null : prefix + Level.ToString("x2", CultureInfo.InvariantCulture);
    }

    // Level 1b sits between 1 and 1.1.
    private static int LevelRank(int level) => level == Level1b ? 21 : level * 2;

    private static bool Has(IReadOnlyDictionary<string, CodecParameterValue>? parameters) =>
        parameters is not null && parameters.ContainsKey(ParameterName);

    private static bool IsLevelAsymmetryAllowed(IReadOnlyDictionary<string, CodecParameterValue>? parameters) =>
        parameters is not null && parameters.TryGetValue("level-asymmetry-allowed", out var v) &&
        v.TryGetInt64Lenient(out var n) && n == 1;

    private static string? AsText(CodecParameterValue raw)
    {
        if (raw.StringValue is { } s)
        {
            return s;
        }

        return raw.TryGetInt64(out var n) && n is >= 0 and <= 999999 ? n.ToString("D6", CultureInfo.InvariantCulture) : null;
    }
}
