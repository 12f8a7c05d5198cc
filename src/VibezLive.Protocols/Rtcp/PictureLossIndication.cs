using System.Buffers.Binary;

namespace VibezLive.Protocols.Rtcp;

/// <summary>PLI (RFC 4585 §6.3.1): PSFB, FMT 1, no FCI — 12 bytes.</summary>
public readonly ref struct PictureLossIndication
{
    public const byte Format = 1;
    public const int Length = RtcpHeader.FeedbackHeaderLength;

    private readonly ReadOnlySpan<byte> _data;

    private PictureLossIndication(ReadOnlySpan<byte> data) => _data = data;

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_data[4..]);

    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_data[8..]);

    public static bool TryParse(RtcpPacket packet, out PictureLossIndication pli)
    {
        pli = default;
        if (packet.Type != RtcpPacketType.PayloadFeedback || packet.Count != Format || packet.Content.Length < Length)
        {
            return false;
        }

        pli = new PictureLossIndication(packet.Content);
        return true;
    }

    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, out int written)
    {
        written = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        RtcpHeader.WriteFeedback(destination, Format, RtcpPacketType.PayloadFeedback, Length, senderSsrc, mediaSsrc);
        written = Length;
        return true;
    }
}
