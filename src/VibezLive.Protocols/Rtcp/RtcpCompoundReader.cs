using System.Buffers.Binary;

namespace VibezLive.Protocols.Rtcp;

/// <summary>
/// Enumerates the packets of a compound RTCP datagram (RFC 3550 §6.1) without copying. Also reads reduced-size
/// RTCP (RFC 5506: a single feedback packet, no leading SR/RR), since it imposes no order. Stops with
/// <see cref="IsMalformed"/> set on a wrong version, a length past the end or bad padding.
/// </summary>
public ref struct RtcpCompoundReader
{
    /// <summary>Bound on packets read from one datagram (a 1,500-byte datagram holds at most 375 empty ones).</summary>
    public const int MaxPackets = 64;

    private readonly ReadOnlySpan<byte> _compound;
    private int _position;
    private int _count;
    private bool _malformed;

    public RtcpCompoundReader(ReadOnlySpan<byte> compound)
    {
        _compound = compound;
        _malformed = compound.Length < RtcpHeader.Length;
        _position = _malformed ? compound.Length : 0;
    }

    public readonly bool IsMalformed => _malformed;

    public bool TryReadNext(out RtcpPacket packet)
    {
        packet = default;
        if (_position >= _compound.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = _compound[_position..];
        if (rest.Length < RtcpHeader.Length || (rest[0] >> 6) != 2 || ++_count > MaxPackets)
        {
            return Fail();
        }

        int length = (BinaryPrimitives.ReadUInt16BigEndian(rest[2..]) + 1) * 4;
        if (length > rest.Length)
        {
            return Fail();
        }

        ReadOnlySpan<byte> data = rest[..length];
        int padding = 0;
        if ((data[0] & 0x20) != 0)
        {
            // §6.4.1: the last octet counts the padding, itself included; it never eats into the header.
            padding = data[^1];
            if (padding == 0 || padding > length - RtcpHeader.Length)
            {
                return Fail();
            }
        }

        _position += length;
        packet = new RtcpPacket(data, padding);
        return true;
    }

    private bool Fail()
    {
        _malformed = true;
        _position = _compound.Length;
        return false;
    }
}
