namespace VibezLive.SocketIO.Parser;

/// <summary>Socket.IO v5 packet types (the first character of an encoded packet).</summary>
public enum SioPacketType : byte
{
    Connect = 0,
    Disconnect = 1,
    Event = 2,
    Ack = 3,
    ConnectError = 4,
    BinaryEvent = 5,
    BinaryAck = 6,
}
