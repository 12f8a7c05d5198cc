using VibezLive.SocketIO.Parser;

namespace VibezLive.SocketIO;

/// <summary>A complete received packet: the header packet and its binary attachments (empty when none).</summary>
internal sealed record SioPacketWithAttachments(SioPacket Packet, IReadOnlyList<byte[]> Attachments);
