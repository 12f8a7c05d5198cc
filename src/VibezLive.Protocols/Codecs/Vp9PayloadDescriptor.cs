using System.Buffers.Binary;

namespace VibezLive.Protocols.Codecs;

/// <summary>
/// Parses the VP9 RTP payload descriptor (RFC 9628 §4.2, formerly draft-ietf-payload-vp9).
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |I|P|L|F|B|E|V|Z| (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PICTURE ID  | (+ 1 byte when M = 1)
/// L:   |  T  |U|  S  |D|
///      |   TL0PICIDX   | (only in non-flexible mode, F = 0)
/// P,F: | P_DIFF      |N| (flexible mode with P = 1; up to 3, N = another follows)
/// V:   | SS ...        | scalability structure (§4.2.1)
/// </code>
/// </summary>
public static class Vp9PayloadDescriptor
{
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp9Descriptor d)
    {
        d = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        byte first = payload[0];
        bool i = (first & 0x80) != 0;
        bool p = (first & 0x40) != 0;
        bool l = (first & 0x20) != 0;
        bool f = (first & 0x10) != 0;
        bool b = (first & 0x08) != 0;
        bool v = (first & 0x02) != 0;
        int position = 1;

        int pictureId = -1;
        int pictureIdBits = 0;
        int pictureIdOffset = -1;
        if (i)
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
                pictureId = payload[position++] & 0x7F;
                pictureIdBits = 7;
            }
        }

        int tid = -1;
        int sid = -1;
        bool u = false;
        bool dep = false;
        int tl0 = -1;
        if (l)
        {
            if (payload.Length <= position)
            {
                return false;
            }

            byte layers = payload[position++];
            tid = layers >> 5;
            u = (layers & 0x10) != 0;
            sid = (layers >> 1) & 0x07;
            dep = (layers & 0x01) != 0;
            if (!f)
            {
                if (payload.Length <= position)
                {
                    return false;
                }

                tl0 = payload[position++];
            }
        }

        if (f && p)
        {
            // Up to 3 reference indices (P_DIFF), each with N = "another follows".
            for (int n = 0; ; n++)
            {
                if (n == 3 || payload.Length <= position)
                {
                    return false;
                }

                if ((payload[position++] & 0x01) == 0)
                {
                    break;
                }
            }
        }

        int spatialLayerCount = 0;
        if (v && !TrySkipScalabilityStructure(payload, ref position, out spatialLayerCount))
        {
            return false;
        }

        d = new Vp9Descriptor
        {
            IsKeyFrame = !p && b && sid <= 0,
            InterPicturePredicted = p,
            FlexibleMode = f,
            StartOfFrame = b,
            EndOfFrame = (first & 0x04) != 0,
            HasScalabilityStructure = v,
            NotUpperSpatialReference = (first & 0x01) != 0,
            PictureId = pictureId,
            PictureIdBits = pictureIdBits,
            PictureIdOffset = pictureIdOffset,
            TemporalLayer = tid,
            SwitchingUpPoint = u,
            SpatialLayer = sid,
            InterLayerDependency = dep,
            Tl0PicIdx = tl0,
            SpatialLayerCount = spatialLayerCount,
            HeaderLength = position,
        };
        return true;
    }

    /// <summary>
    /// Scalability structure (§4.2.1):
    /// <c>N_S(3) Y G -(3)</c>, then (N_S + 1) x (width 16, height 16) when Y, then N_G and N_G pictures
    /// <c>T(3) U R(2) -(2)</c> each followed by R P_DIFF bytes when G.
    /// </summary>
    private static bool TrySkipScalabilityStructure(ReadOnlySpan<byte> payload, ref int position, out int spatialLayerCount)
    {
        spatialLayerCount = 0;
        if (payload.Length <= position)
        {
            return false;
        }

        byte ss = payload[position++];
        spatialLayerCount = (ss >> 5) + 1;
        if ((ss & 0x10) != 0)
        {
            position += 4 * spatialLayerCount;
        }

        if ((ss & 0x08) != 0)
        {
            if (payload.Length <= position)
            {
                return false;
            }

            int groups = payload[position++];
            for (int g = 0; g < groups; g++)
            {
                if (payload.Length <= position)
                {
                    return false;
                }

                int references = (payload[position++] >> 2) & 0x03;
                position += references;
            }
        }

        return position <= payload.Length;
    }
}
