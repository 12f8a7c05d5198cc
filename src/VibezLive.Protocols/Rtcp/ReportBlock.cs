using System.Buffers.Binary;

namespace VibezLive.Protocols.Rtcp;

/// <summary>
/// A reception report block of SR/RR (RFC 3550 §6.4.1), 24 bytes.
/// <code>
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                 SSRC_1 (SSRC of first source)                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | fraction lost |       cumulative number of packets lost       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           extended highest sequence number received           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      interarrival jitter                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         last SR (LSR)                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   delay since last SR (DLSR)                  |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// </code>
/// </summary>
public readonly struct ReportBlock : IEquatable<ReportBlock>
{
    public const int Length = 24;

    public uint Ssrc { get; init; }

    public byte FractionLost { get; init; }

    /// <summary>Signed 24-bit on the wire (may be negative with duplicates); clamped when written.</summary>
    public int CumulativeLost { get; init; }

    public uint HighestSequence { get; init; }

    public uint Jitter { get; init; }

    public uint LastSenderReport { get; init; }

    /// <summary>In units of 1/65536 s.</summary>
    public uint DelaySinceLastSenderReport { get; init; }

    public static bool operator ==(ReportBlock left, ReportBlock right) => left.Equals(right);

    public static bool operator !=(ReportBlock left, ReportBlock right) => !left.Equals(right);

    public static ReportBlock Read(ReadOnlySpan<byte> source)
    {
        uint lossWord = BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
        return new ReportBlock
        {
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(source),
            FractionLost = (byte)(lossWord >> 24),
            CumulativeLost = ((int)(lossWord << 8)) >> 8, // sign-extend 24 bits
            HighestSequence = BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            Jitter = BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            LastSenderReport = BinaryPrimitives.ReadUInt32BigEndian(source[16..]),
            DelaySinceLastSenderReport = BinaryPrimitives.ReadUInt32BigEndian(source[20..]),
        };
    }

    public void Write(Span<byte> destination)
    {
        int lost = Math.Clamp(CumulativeLost, -0x800000, 0x7FFFFF);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)FractionLost << 24) | ((uint)lost & 0xFFFFFF));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], HighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }

    public bool Equals(ReportBlock other) =>
        Ssrc == other.Ssrc && FractionLost == other.FractionLost && CumulativeLost == other.CumulativeLost
        && HighestSequence == other.HighestSequence && Jitter == other.Jitter
        && LastSenderReport == other.LastSenderReport && DelaySinceLastSenderReport == other.DelaySinceLastSenderReport;

    public override bool Equals(object? obj) => obj is ReportBlock other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Ssrc, FractionLost, CumulativeLost, HighestSequence, Jitter, LastSenderReport, DelaySinceLastSenderReport);
}
