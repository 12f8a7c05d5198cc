using System.Buffers.Binary;

namespace VibezLive.LoadTest.Media;

/// <summary>
/// Writes synthetic VP8 RTP payloads (RFC 7741): a payload descriptor with a 15-bit PictureID, and on the first
/// packet of a frame the VP8 payload header (RFC 7741 §4.3 / RFC 6386 §9.1) so that key frame detection in the SFU
/// works. Receivers read them back with the shared <c>Vp8PayloadDescriptor</c>.
/// </summary>
internal static class Vp8Payload
{
    /// <summary>X + I with M (15-bit PictureID): 4 bytes.</summary>
    public const int DescriptorLength = 4;
    public const int KeyFrameHeaderLength = 10;
    public const int InterFrameHeaderLength = 3;

    // RFC 7741 §4.2:  |X|R|N|S|R| PID |  then |I|L|T|K| RSV |  then |M| PictureID (15 bits) |
    public static void WriteDescriptor(Span<byte> destination, bool startOfFrame, int pictureId)
    {
        destination[0] = (byte)(0x80 | (startOfFrame ? 0x10 : 0x00)); // X, S; PID 0 (one partition)
        destination[1] = 0x80; // I
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(0x8000 | (pictureId & 0x7FFF)));
    }

    /// <summary>Writes the frame header; returns its length.</summary>
    public static int WriteFrameHeader(Span<byte> destination, bool keyFrame, int firstPartitionSize)
    {
        // RFC 6386 §9.1 frame tag: bit 0 = !key_frame, bits 1-3 version, bit 4 show_frame, bits 5-23 first_part_size.
        int tag = (keyFrame ? 0 : 1) | (1 << 4) | ((firstPartitionSize & 0x7FFFF) << 5);
        destination[0] = (byte)tag;
        destination[1] = (byte)(tag >> 8);
        destination[2] = (byte)(tag >> 16);
        if (!keyFrame)
        {
            return InterFrameHeaderLength;
        }

        // Start code, then 14-bit width and height with 2-bit scale, little endian: 640x360.
        destination[3] = 0x9D;
        destination[4] = 0x01;
        destination[5] = 0x2A;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], 640);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], 360);
        return KeyFrameHeaderLength;
    }
}
