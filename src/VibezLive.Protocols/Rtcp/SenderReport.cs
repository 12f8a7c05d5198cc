using System.Buffers.Binary;

namespace VibezLive.Protocols.Rtcp;

/// <summary>
/// SR: sender report (RFC 3550 §6.4.1).
/// <code>
/// |V=2|P|    RC   |   PT=SR=200   |             length            |
/// |                         SSRC of sender                        |
/// |              NTP timestamp, most significant word             |
/// |             NTP timestamp, least significant word             |
/// |                         RTP timestamp                         |
/// |                     sender's packet count                     |
/// |                      sender's octet count                     |
/// |                 report blocks (RC x 24 bytes)                 |
/// |                  profile-specific extensions                  |
/// </code>
/// </summary>
public readonly ref struct SenderReport
{
    public const int FixedLength = 28;

    private readonly ReadOnlySpan<byte> _data;

    private SenderReport(ReadOnlySpan<byte> data) => _data = data;

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_data[4..]);

    /// <summary>64-bit NTP timestamp (32.32 fixed point seconds since 1900).</summary>
    public ulong NtpTimestamp => BinaryPrimitives.ReadUInt64BigEndian(_data[8..]);

    public uint RtpTimestamp => BinaryPrimitives.ReadUInt32BigEndian(_data[16..]);

    public uint PacketCount => BinaryPrimitives.ReadUInt32BigEndian(_data[20..]);

    public uint OctetCount => BinaryPrimitives.ReadUInt32BigEndian(_data[24..]);

    public int ReportCount => _data[0] & 0x1F;

    public ReportBlock GetReportBlock(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ReportCount);
        return ReportBlock.Read(_data[(FixedLength + (index * ReportBlock.Length))..]);
    }

    public static bool TryParse(RtcpPacket packet, out SenderReport report)
    {
        ReadOnlySpan<byte> data = packet.Content;
        report = default;
        if (packet.Type != RtcpPacketType.SenderReport || data.Length < FixedLength + (packet.Count * ReportBlock.Length))
        {
            return false;
        }

        report = new SenderReport(data);
        return true;
    }

    public static int GetLength(int reportCount) => FixedLength + (reportCount * ReportBlock.Length);

    public static bool TryWrite(
        Span<byte> destination,
        uint ssrc,
        ulong ntpTimestamp,
        uint rtpTimestamp,
        uint packetCount,
        uint octetCount,
        ReadOnlySpan<ReportBlock> reportBlocks,
        out int written)
    {
        written = 0;
        int length = GetLength(reportBlocks.Length);
        if (reportBlocks.Length > 31 || destination.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(destination, (byte)reportBlocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], ntpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], octetCount);
        for (int i = 0; i < reportBlocks.Length; i++)
        {
            reportBlocks[i].Write(destination[(FixedLength + (i * ReportBlock.Length))..]);
        }

        written = length;
        return true;
    }
}
