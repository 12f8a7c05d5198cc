namespace VibezLive.Media.Negotiation;

/// <summary>A producer payload type and the router payload type it is rewritten to.</summary>
public sealed record CodecMapping(int PayloadType, int MappedPayloadType);
