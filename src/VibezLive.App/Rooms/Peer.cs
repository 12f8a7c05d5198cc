using VibezLive.App.Auth;
using VibezLive.Media;
using VibezLive.SocketIO;

namespace VibezLive.App.Rooms;

/// <summary>A socket in a room, with the media objects it owns. Touched only in its room's context.</summary>
public sealed class Peer(SioSocket socket, PeerSession session, string displayName, long joinOrder, DateTime joinedAt)
{
    public string Id => Socket.Id;

    public SioSocket Socket { get; } = socket;

    public string DisplayName { get; } = displayName;

    /// <summary>The signed-in user, or null for a guest.</summary>
    public AuthenticatedUser? User => Session.User;

    public PeerSession Session { get; } = session;

    /// <summary>Increasing within the process: the lowest value in a room is the longest-present peer.</summary>
    public long JoinOrder { get; } = joinOrder;

    public DateTime JoinedAt { get; } = joinedAt;

    public WebRtcTransport? SendTransport { get; set; }

    public WebRtcTransport? RecvTransport { get; set; }

    public Dictionary<string, ProducerEntry> Producers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ConsumerEntry> Consumers { get; } = new(StringComparer.Ordinal);

    /// <summary>The active-user row write, so that its removal is ordered after it.</summary>
    public Task StoreWrite { get; set; } = Task.CompletedTask;

    public bool Owns(WebRtcTransport transport) => ReferenceEquals(SendTransport, transport) || ReferenceEquals(RecvTransport, transport);
}
