using VibezLive.Protocols.Srtp;

namespace VibezLive.Media.Dtls;

/// <summary>SRTP keying material from a DTLS-SRTP handshake (RFC 5764 §4.2), already split into local and remote halves.</summary>
public sealed record SrtpKeys(
    SrtpProtectionProfile Profile,
    byte[] LocalMasterKey,
    byte[] LocalMasterSalt,
    byte[] RemoteMasterKey,
    byte[] RemoteMasterSalt);
