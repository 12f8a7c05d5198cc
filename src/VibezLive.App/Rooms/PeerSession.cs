using System.Threading.RateLimiting;
using VibezLive.App.Auth;

namespace VibezLive.App.Rooms;

/// <summary>Per-socket state from the handshake on: who it is, its event budget, and the room it is in.</summary>
public sealed class PeerSession(AuthenticatedUser? user, string? guestName, RateLimiter rateLimiter) : IDisposable
{
    public const string ItemKey = "vibez.session";

    private Room? _room;

    /// <summary>The signed-in user, or null for a guest.</summary>
    public AuthenticatedUser? User { get; } = user;

    /// <summary>The handshake's display name for a guest.</summary>
    public string? GuestName { get; } = guestName;

    public RateLimiter RateLimiter { get; } = rateLimiter;

    /// <summary>The room this socket is in; set and cleared only in that room's context.</summary>
    public Room? Room
    {
        get => Volatile.Read(ref _room);
        set => Volatile.Write(ref _room, value);
    }

    public void Dispose() => RateLimiter.Dispose();
}
