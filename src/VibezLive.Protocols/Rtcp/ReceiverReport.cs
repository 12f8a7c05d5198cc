using System.Buffers.Binary;

namespace VibezLive.Protocols.Rtcp;

/// <summary>
/// RR: receiver report (RFC 3550 §6.4.2): header, SSRC of the packet sender, RC report blocks.
/// </summary>
public readonly ref struct ReceiverReport
{
    public const int FixedLength = 8;

    private readonly ReadOnlySpan<byte> _data;

    private ReceiverReport(ReadOnlySpan<byte> data) => _data = data;

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_data[4..]);

    public int ReportCount => _data[0] & 0x1F;

    public ReportBlock GetReportBlock(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ReportCount);
        return ReportBlock.Read(_data[(FixedLength + (index * ReportBlock.Length))..]);
    }

    public static bool TryParse(RtcpPacket packet, out ReceiverReport report)
    {
        ReadOnlySpan<byte> data = packet.Content;
        report = default;
        if (packet.Type != RtcpPacketType.ReceiverReport || data.Length < FixedLength + (packet.Count * ReportBlock.Length))
        {
            return false;
        }

        report = new ReceiverReport(data);
        return true;
    }

    public static int GetLength(int reportCount) => FixedLength + (reportCount * ReportBlock.Length);

    public static bool TryWrite(Span<byte> destination, uint ssrc, ReadOnlySpan<ReportBlock> reportBlocks, out int written)
    {
        written = 0;
        int length = GetLength(reportBlocks.Length);
        if (reportBlocks.Length > 31 || destination.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(destination, (byte)reportBlocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        for (int i = 0; i < reportBlocks.Length; i++)
        {
            reportBlocks[i].Write(destination[(FixedLength + (i * ReportBlock.Length))..]);
        }

        written = length;
        return true;
    }
}
