namespace VibezLive.Media.Parameters;

/// <summary>A header extension in RTP capabilities (RFC 8285); <see cref="PreferredId"/> is the id the router writes.</summary>
public sealed class RtpHeaderExtension
{
    public MediaKind Kind { get; set; }

    public string Uri { get; set; } = "";

    public int PreferredId { get; set; }

    /// <summary>Always false: mediasoup never encrypts header extensions (RFC 6904 is not used).</summary>
    public bool PreferredEncrypt { get; set; }

    public RtpHeaderExtensionDirection Direction { get; set; } = RtpHeaderExtensionDirection.SendRecv;

    public RtpHeaderExtension Clone() => new()
    {
        Kind = Kind,
        Uri = Uri,
        PreferredId = PreferredId,
        PreferredEncrypt = PreferredEncrypt,
        Direction = Direction,
    };

    public override string ToString() => $"{Kind} {PreferredId} {Uri}";
}
