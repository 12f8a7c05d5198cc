using System.Buffers.Binary;

namespace VibezLive.LoadTest.Media;

/// <summary>
/// The RTCP a publisher's send transport receives: PLI (RFC 4585 §6.3.1) and FIR (RFC 5104 §4.3.1) turn into a key
/// frame on the next video frame; NACKs and receiver reports are counted.
/// </summary>
internal sealed class PublisherSink : IPacketSink
{
    private OutboundStream? _video;

    public long KeyFrameRequests { get; private set; }

    public long NacksReceived { get; private set; }

    public long ReportsReceived { get; private set; }

    public void SetVideo(OutboundStream video) => Volatile.Write(ref _video, video);

    private void OnNack(ReadOnlySpan<byte> nack)
    {
        if (Volatile.Read(ref _video) is not { } video || nack.Length < 16 || BinaryPrimitives.ReadUInt32BigEndian(nack[8..]) != video.Ssrc)
        {
            return;
        }

        for (int i = 12; i + 4 <= nack.Length; i += 4)
        {
            ushort pid = BinaryPrimitives.ReadUInt16BigEndian(nack[i..]);
            ushort blp = BinaryPrimitives.ReadUInt16BigEndian(nack[(i + 2)..]);
            video.OnNack(pid);
            for (int bit = 0; bit < 16; bit++)
            {
                if ((blp & (1 << bit)) != 0)
                {
                    video.OnNack((ushort)(pid + bit + 1));
                }
            }
        }
    }

    public void OnRtp(ReadOnlySpan<byte> packet, long arrival)
    {
        // A send transport receives no media.
    }

    public void OnRtcp(ReadOnlySpan<byte> packet, long arrival)
    {
        int offset = 0;
        while (offset + 8 <= packet.Length)
        {
            int length = (BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]) + 1) * 4;
            if (offset + length > packet.Length)
            {
                return;
            }

            int fmt = packet[offset] & 0x1F;
            switch (packet[offset + 1])
            {
                case 206 when fmt is 1 or 4: // PSFB PLI / FIR
                    KeyFrameRequests++;
                    Volatile.Read(ref _video)?.RequestKeyFrame();
                    break;
                case 205 when fmt == 1: // RTPFB generic NACK: media SSRC, then PID + BLP pairs
                    NacksReceived++;
                    OnNack(packet.Slice(offset, length));
                    break;
                case 201 or 200:
                    ReportsReceived++;
                    break;
                default:
                    break;
            }

            offset += length;
        }
    }
}
