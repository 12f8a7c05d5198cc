namespace VibezLive.Protocols.Codecs;

/// <summary>
/// The fields of a VP9 payload descriptor (RFC 9628 §4.2). Optional fields are -1 when absent.
/// </summary>
public readonly record struct Vp9Descriptor
{
    /// <summary>First packet of a key frame of the base spatial layer: P = 0, B = 1, spatial id 0.</summary>
    public bool IsKeyFrame { get; init; }

    /// <summary>P: inter-picture predicted.</summary>
    public bool InterPicturePredicted { get; init; }

    /// <summary>F: flexible mode.</summary>
    public bool FlexibleMode { get; init; }

    /// <summary>B: first packet of a layer frame.</summary>
    public bool StartOfFrame { get; init; }

    /// <summary>E: last packet of a layer frame.</summary>
    public bool EndOfFrame { get; init; }

    /// <summary>V: a scalability structure follows.</summary>
    public bool HasScalabilityStructure { get; init; }

    /// <summary>Z: not a reference for upper spatial layers.</summary>
    public bool NotUpperSpatialReference { get; init; }

    /// <summary>7- or 15-bit picture id, or -1.</summary>
    public int PictureId { get; init; }

    public int PictureIdBits { get; init; }

    public int PictureIdOffset { get; init; }

    /// <summary>T (0..7), or -1 without layer indices.</summary>
    public int TemporalLayer { get; init; }

    /// <summary>U: switching up point.</summary>
    public bool SwitchingUpPoint { get; init; }

    /// <summary>S (0..7), or -1 without layer indices.</summary>
    public int SpatialLayer { get; init; }

    /// <summary>D: inter-layer dependency.</summary>
    public bool InterLayerDependency { get; init; }

    /// <summary>TL0PICIDX (non-flexible mode), or -1.</summary>
    public int Tl0PicIdx { get; init; }

    /// <summary>N_S + 1 from the scalability structure, or 0 without one.</summary>
    public int SpatialLayerCount { get; init; }

    /// <summary>Descriptor size: the VP9 frame data starts here.</summary>
    public int HeaderLength { get; init; }
}
