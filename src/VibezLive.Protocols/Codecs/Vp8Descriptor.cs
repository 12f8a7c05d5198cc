namespace VibezLive.Protocols.Codecs;

/// <summary>
/// The fields of a VP8 payload descriptor (RFC 7741 §4.2) and the key-frame bit of the VP8 payload header
/// (§4.3). Optional fields are -1 when absent. Offsets let an SFU rewrite picture ids in place.
/// </summary>
public readonly record struct Vp8Descriptor
{
    /// <summary>Start of a key frame: first packet of partition 0 with the payload header's P bit clear.</summary>
    public bool IsKeyFrame { get; init; }

    /// <summary>N: the frame can be discarded without affecting others.</summary>
    public bool NonReference { get; init; }

    /// <summary>S: first packet of a VP8 partition.</summary>
    public bool StartOfPartition { get; init; }

    /// <summary>PID: partition index (0..7).</summary>
    public int PartitionId { get; init; }

    /// <summary>7- or 15-bit picture id, or -1.</summary>
    public int PictureId { get; init; }

    /// <summary>7 or 15 when <see cref="PictureId"/> is present, else 0.</summary>
    public int PictureIdBits { get; init; }

    /// <summary>Offset of the picture id in the payload, or -1.</summary>
    public int PictureIdOffset { get; init; }

    public int Tl0PicIdx { get; init; }

    /// <summary>Offset of TL0PICIDX in the payload, or -1.</summary>
    public int Tl0PicIdxOffset { get; init; }

    /// <summary>TID (0..3), or -1.</summary>
    public int TemporalLayer { get; init; }

    /// <summary>Y: layer sync.</summary>
    public bool LayerSync { get; init; }

    /// <summary>KEYIDX (0..31), or -1.</summary>
    public int KeyIndex { get; init; }

    /// <summary>Descriptor size: the VP8 payload starts here.</summary>
    public int HeaderLength { get; init; }
}
