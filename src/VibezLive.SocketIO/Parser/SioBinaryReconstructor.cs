namespace VibezLive.SocketIO.Parser;

/// <summary>
/// Collects the binary attachments that follow a BINARY_EVENT / BINARY_ACK header packet, in order.
/// </summary>
public sealed class SioBinaryReconstructor
{
    private readonly List<byte[]> _attachments;

    /// <summary>Starts collecting the attachments of <paramref name="packet"/>.</summary>
    public SioBinaryReconstructor(SioPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        Packet = packet;
        _attachments = new List<byte[]>(packet.AttachmentCount);
    }

    /// <summary>The header packet.</summary>
    public SioPacket Packet { get; }

    /// <summary>Attachments received so far.</summary>
    public IReadOnlyList<byte[]> Attachments => _attachments;

    /// <summary>True once every announced attachment arrived.</summary>
    public bool IsComplete => _attachments.Count == Packet.AttachmentCount;

    /// <summary>Adds the next attachment; returns true when the packet is complete.</summary>
    public bool Add(byte[] attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (IsComplete) throw new InvalidOperationException("All attachments were already received.");
        _attachments.Add(attachment);
        return IsComplete;
    }
}
