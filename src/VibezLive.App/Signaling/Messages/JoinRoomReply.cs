using VibezLive.Media.Parameters;

namespace VibezLive.App.Signaling.Messages;

/// <summary>Ack of <c>joinRoom</c>. <see cref="Peers"/> are the other peers; <see cref="IsHost"/> and
/// <see cref="HostPeerId"/> are additions the original backend did not have.</summary>
public sealed record JoinRoomReply(
    string PeerId,
    string RoomId,
    RtpCapabilities RouterRtpCapabilities,
    IReadOnlyList<PeerInfo> Peers,
    IReadOnlyList<ProducerInfo> Producers,
    string? HostPeerId,
    bool IsHost);
