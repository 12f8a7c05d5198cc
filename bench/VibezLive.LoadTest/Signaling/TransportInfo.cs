using System.Net;
using VibezLive.Media.Dtls;

namespace VibezLive.LoadTest.Signaling;

/// <summary>What a <c>createWebRtcTransport</c> ack says about the server side of one transport.</summary>
internal sealed record TransportInfo(
    string Id,
    string IceUsernameFragment,
    string IcePassword,
    IPEndPoint UdpCandidate,
    IReadOnlyList<DtlsFingerprint> Fingerprints);
