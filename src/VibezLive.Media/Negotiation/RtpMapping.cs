namespace VibezLive.Media.Negotiation;

/// <summary>How a producer's payload types and streams map onto the router's (mediasoup's rtpMapping).</summary>
public sealed record RtpMapping(IReadOnlyList<CodecMapping> Codecs, IReadOnlyList<EncodingMapping> Encodings);
