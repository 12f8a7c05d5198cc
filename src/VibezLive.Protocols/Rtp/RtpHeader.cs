using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace VibezLive.Protocols.Rtp;

/// <summary>
/// In-place rewrites of the fixed RTP header (RFC 3550 §5.1) of a packet already validated by
/// <see cref="RtpPacket.TryParse"/>: what an SFU changes per consumer before protecting and sending.
/// </summary>
public static class RtpHeader
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetMarker(Span<byte> packet, bool marker) =>
        packet[1] = (byte)((packet[1] & 0x7F) | (marker ? 0x80 : 0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetPayloadType(Span<byte> packet, byte payloadType) =>
        packet[1] = (byte)((packet[1] & 0x80) | (payloadType & 0x7F));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetSequenceNumber(Span<byte> packet, ushort value) =>
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetTimestamp(Span<byte> packet, uint value) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetSsrc(Span<byte> packet, uint value) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], value);
}
