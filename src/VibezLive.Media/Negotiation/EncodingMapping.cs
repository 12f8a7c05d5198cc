namespace VibezLive.Media.Negotiation;

/// <summary>
/// A producer stream (found by <see cref="Ssrc"/> or, for simulcast, by <see cref="Rid"/>) and the SSRC the router
/// uses for it internally and in the consumable parameters.
/// </summary>
public sealed record EncodingMapping(uint? Ssrc, string? Rid, string? ScalabilityMode, uint MappedSsrc);
