using System.Buffers.Binary;

namespace VibezLive.Protocols.Rtcp;

/// <summary>
/// APP (RFC 3550 §6.7): subtype in the count field, SSRC/CSRC, a 4-character ASCII name, application data.
/// </summary>
public readonly ref struct ApplicationDefined
{
    public const int FixedLength = 12;

    private readonly ReadOnlySpan<byte> _data;

    private ApplicationDefined(ReadOnlySpan<byte> data) => _data = data;

    public byte Subtype => (byte)(_data[0] & 0x1F);

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_data[4..]);

    /// <summary>The four ASCII name bytes.</summary>
    public ReadOnlySpan<byte> Name => _data.Slice(8, 4);

    public ReadOnlySpan<byte> ApplicationData => _data[FixedLength..];

    public static bool TryParse(RtcpPacket packet, out ApplicationDefined app)
    {
        app = default;
        ReadOnlySpan<byte> data = packet.Content;
        if (packet.Type != RtcpPacketType.ApplicationDefined || data.Length < FixedLength)
        {
            return false;
        }

        app = new ApplicationDefined(data);
        return true;
    }

    /// <summary>Writes an APP packet; <paramref name="applicationData"/> must be a multiple of 4 bytes.</summary>
    public static bool TryWrite(Span<byte> destination, byte subtype, uint ssrc, ReadOnlySpan<byte> name, ReadOnlySpan<byte> applicationData, out int written)
    {
        written = 0;
        int length = FixedLength + applicationData.Length;
        if (subtype > 31 || name.Length != 4 || (applicationData.Length & 3) != 0 || length > 0x40000 || destination.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(destination, subtype, RtcpPacketType.ApplicationDefined, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        name.CopyTo(destination[8..]);
        applicationData.CopyTo(destination[FixedLength..]);
        written = length;
        return true;
    }
}
