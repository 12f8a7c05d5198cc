namespace VibezLive.Protocols.Stun;

/// <summary>STUN method (RFC 8489 §18.2). Only Binding is used by ICE; other values parse but are not named.</summary>
public enum StunMethod : ushort
{
    Binding = 0x001,
}
