using System.Buffers.Binary;

namespace VibezLive.Protocols.Codecs;

/// <summary>
/// Parses the VP8 RTP payload descriptor (RFC 7741 §4.2).
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |X|R|N|S|R| PID | (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// X:   |I|L|T|K| RSV   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PictureID   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
///      |   PictureID   | (present when M = 1: 15-bit picture id)
///      +-+-+-+-+-+-+-+-+
/// L:   |   TL0PICIDX   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// T/K: |TID|Y| KEYIDX  | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// </code>
/// Key frame (§4.3): S = 1 and PID = 0, and the first byte of the VP8 payload header has P (bit 0) = 0.
/// </summary>
public static class Vp8PayloadDescriptor
{
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8Descriptor d)
    {
        d = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        byte first = payload[0];
        int position = 1;
        int pictureId = -1;
        int pictureIdBits = 0;
        int pictureIdOffset = -1;
        int tl0 = -1;
        int tl0Offset = -1;
        int tid = -1;
        bool layerSync = false;
        int keyIndex = -1;
        if ((first & 0x80) != 0)
        {
            if (payload.Length < 2)
            {
                return false;
            }

            byte x = payload[1];
            position = 2;
            if ((x & 0x80) != 0)
            {
                if (payload.Length <= position)
                {
                    return false;
                }

                pictureIdOffset = position;
                if ((payload[position] & 0x80) != 0)
                {
                    if (payload.Length < position + 2)
                    {
                        return false;
                    }

                    pictureId = BinaryPrimitives.ReadUInt16BigEndian(payload[position..]) & 0x7FFF;
                    pictureIdBits = 15;
                    position += 2;
                }
                else
                {
                    pictureId = payload[position] & 0x7F;
                    pictureIdBits = 7;
                    position++;
                }
            }

            if ((x & 0x40) != 0)
            {
                if (payload.Length <= position)
                {
                    return false;
                }

                tl0Offset = position;
                tl0 = payload[position++];
            }

            if ((x & 0x30) != 0)
            {
                if (payload.Length <= position)
                {
                    return false;
                }

                byte tk = payload[position++];
                if ((x & 0x20) != 0)
                {
                    tid = tk >> 6;
                    layerSync = (tk & 0x20) != 0;
                }

                if ((x & 0x10) != 0)
                {
                    keyIndex = tk & 0x1F;
                }
            }
        }

        bool start = (first & 0x10) != 0;
        int partition = first & 0x07;
        bool keyFrame = start && partition == 0 && payload.Length > position && (payload[position] & 0x01) == 0;
        d = new Vp8Descriptor
        {
            IsKeyFrame = keyFrame,
            NonReference = (first & 0x20) != 0,
            StartOfPartition = start,
            PartitionId = partition,
            PictureId = pictureId,
            PictureIdBits = pictureIdBits,
            PictureIdOffset = pictureIdOffset,
            Tl0PicIdx = tl0,
            Tl0PicIdxOffset = tl0Offset,
            TemporalLayer = tid,
            LayerSync = layerSync,
            KeyIndex = keyIndex,
            HeaderLength = position,
        };
        return true;
    }

    /// <summary>Rewrites the picture id in place, keeping its 7- or 15-bit width (the value wraps to that width).</summary>
    public static bool TrySetPictureId(Span<byte> payload, in Vp8Descriptor d, int pictureId)
    {
        if (d.PictureIdOffset < 0 || payload.Length < d.HeaderLength)
        {
            return false;
        }

        if (d.PictureIdBits == 15)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload[d.PictureIdOffset..], (ushort)(0x8000 | (pictureId & 0x7FFF)));
        }
        else
        {
            payload[d.PictureIdOffset] = (byte)(pictureId & 0x7F);
        }

        return true;
    }

    /// <summary>Rewrites TL0PICIDX in place.</summary>
    public static bool TrySetTl0PicIdx(Span<byte> payload, in Vp8Descriptor d, byte tl0PicIdx)
    {
        if (d.Tl0PicIdxOffset < 0 || payload.Length < d.HeaderLength)
        {
            return false;
        }

        payload[d.Tl0PicIdxOffset] = tl0PicIdx;
        return true;
    }
}
