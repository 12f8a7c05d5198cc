namespace VibezLive.Protocols.Stun;

/// <summary>STUN message class, the C1/C0 bits of the message type (RFC 8489 §5).</summary>
public enum StunClass : byte
{
    Request,
    Indication,
    SuccessResponse,
    ErrorResponse,
}
