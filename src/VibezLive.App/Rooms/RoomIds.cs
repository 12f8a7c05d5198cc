using System.Text.RegularExpressions;

namespace VibezLive.App.Rooms;

/// <summary>Room ids appear in URLs and logs: 1–64 characters of letters, digits, '-', '_' and '.'.</summary>
public static partial class RoomIds
{
    public const int MaxLength = 64;

    public static bool IsValid(string? roomId) => roomId is not null && Pattern().IsMatch(roomId);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
