using VibezLive.Media;

namespace VibezLive.App.Signaling.Messages;

/// <summary>Ack of <c>createWebRtcTransport</c>: the mediasoup transport shape mediasoup-client needs.</summary>
public sealed record TransportReply(
    string Id,
    IceParameters IceParameters,
    IReadOnlyList<IceCandidate> IceCandidates,
    DtlsParameters DtlsParameters,
    SctpParameters? SctpParameters);
