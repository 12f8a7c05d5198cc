namespace VibezLive.Media.Rtp;

/// <summary>What an incoming SSRC belongs to (mediasoup's RtpListener entry): a producer's stream, media or RTX.</summary>
internal sealed record SsrcEntry(Producer Producer, RtpStreamRecv Stream, bool IsRtx);
