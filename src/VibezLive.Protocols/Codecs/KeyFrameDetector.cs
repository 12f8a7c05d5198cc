namespace VibezLive.Protocols.Codecs;

/// <summary>Key-frame detection by codec MIME type ("video/VP8", "video/VP9", "video/H264", "video/AV1"; case-insensitive).</summary>
public static class KeyFrameDetector
{
    /// <summary>True when <paramref name="payload"/> (an RTP payload) starts a key frame; false for other codecs.</summary>
    public static bool IsKeyFrame(string mimeType, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(mimeType);
        if (mimeType.Equals("video/VP8", StringComparison.OrdinalIgnoreCase))
        {
            return Vp8PayloadDescriptor.TryParse(payload, out Vp8Descriptor vp8) && vp8.IsKeyFrame;
        }

        if (mimeType.Equals("video/VP9", StringComparison.OrdinalIgnoreCase))
        {
            return Vp9PayloadDescriptor.TryParse(payload, out Vp9Descriptor vp9) && vp9.IsKeyFrame;
        }

        if (mimeType.Equals("video/H264", StringComparison.OrdinalIgnoreCase))
        {
            return H264Payload.IsKeyFrame(payload);
        }

        if (mimeType.Equals("video/AV1", StringComparison.OrdinalIgnoreCase))
        {
            return Av1Payload.IsKeyFrame(payload);
        }

        return false;
    }
}
