namespace VibezLive.SocketIO.Parser;

/// <summary>Why an encoded Socket.IO packet was rejected.</summary>
public enum SioParseError : byte
{
    None,
    Empty,
    UnknownType,
    BadAttachmentCount,
    TooManyAttachments,
    BadNamespace,
    BadAckId,
    BadJson,
    InvalidPayload,
}
