using System.Text.Json;

namespace VibezLive.SocketIO.Parser;

/// <summary>A decoded Socket.IO packet (control path: one object per packet is fine).</summary>
public sealed class SioPacket
{
    /// <summary>Creates a packet.</summary>
    public SioPacket(SioPacketType type, string @namespace, int ackId, int attachmentCount, JsonElement? data)
    {
        Type = type;
        Namespace = @namespace;
        AckId = ackId;
        AttachmentCount = attachmentCount;
        Data = data;
    }

    /// <summary>Packet type.</summary>
    public SioPacketType Type { get; }

    /// <summary>Namespace, <c>"/"</c> when the packet names none.</summary>
    public string Namespace { get; }

    /// <summary>Acknowledgement id, -1 when absent.</summary>
    public int AckId { get; }

    /// <summary>Number of binary attachments that follow (binary types only).</summary>
    public int AttachmentCount { get; }

    /// <summary>JSON payload, null when absent. Binary attachments appear as <c>{"_placeholder":true,"num":n}</c>.</summary>
    public JsonElement? Data { get; }

    /// <summary>True for BINARY_EVENT and BINARY_ACK.</summary>
    public bool IsBinary => Type is SioPacketType.BinaryEvent or SioPacketType.BinaryAck;
}
