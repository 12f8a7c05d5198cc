namespace VibezLive.Media.Dtls;

/// <summary>A certificate fingerprint as signaled (RFC 8122 §5): algorithm "sha-256", value uppercase hex with ':'.</summary>
public sealed record DtlsFingerprint(string Algorithm, string Value);
