namespace VibezLive.Protocols.Stun;

/// <summary>Wire constants of RFC 8489.</summary>
public static class StunConstants
{
    /// <summary>Magic cookie, bytes 4..7 of every RFC 5389/8489 message (§5).</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>Fixed header size (§5).</summary>
    public const int HeaderLength = 20;

    /// <summary>Transaction id size (§5).</summary>
    public const int TransactionIdLength = 12;

    /// <summary>XOR'ed into the CRC-32 of FINGERPRINT (§14.7).</summary>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>Size of the HMAC-SHA1 value of MESSAGE-INTEGRITY (§14.5).</summary>
    public const int MessageIntegrityLength = 20;

    /// <summary>
    /// Upper bound on attributes walked per message. An ICE check carries about eight; the bound keeps a
    /// hostile datagram full of zero-length attributes from costing more than a fixed amount of work.
    /// </summary>
    public const int MaxAttributes = 64;

    /// <summary>USERNAME is at most 513 bytes (§14.3).</summary>
    public const int MaxUsernameLength = 513;

    /// <summary>A buffer of this size holds any message <see cref="StunMessageWriter"/> builds for ICE.</summary>
    public const int MaxIceMessageLength = 1024;
}
