namespace VibezLive.Media.Parameters;

/// <summary>
/// One RTP stream of a producer (a simulcast layer identified by <see cref="Rid"/> or a stream identified by
/// <see cref="Ssrc"/>) or the single stream of a consumer. Unset members are omitted from JSON, as in mediasoup.
/// </summary>
public sealed class RtpEncodingParameters
{
    public uint? Ssrc { get; set; }

    /// <summary>RTP stream id (RFC 8852), e.g. "r0"…"r2" for mediasoup-client simulcast.</summary>
    public string? Rid { get; set; }

    public int? CodecPayloadType { get; set; }

    public RtpEncodingRtx? Rtx { get; set; }

    /// <summary>Opus discontinuous transmission; validation sets false when absent.</summary>
    public bool? Dtx { get; set; }

    /// <summary>W3C webrtc-svc mode, e.g. "L1T3", "L3T3_KEY".</summary>
    public string? ScalabilityMode { get; set; }

    public double? ScaleResolutionDownBy { get; set; }

    public long? MaxBitrate { get; set; }

    public double? MaxFramerate { get; set; }

    public bool? AdaptivePtime { get; set; }

    public bool? Active { get; set; }

    /// <summary>"very-low" | "low" | "medium" | "high" (RTCRtpEncodingParameters).</summary>
    public string? Priority { get; set; }

    public string? NetworkPriority { get; set; }

    public RtpEncodingParameters Clone() => new()
    {
        Ssrc = Ssrc,
        Rid = Rid,
        CodecPayloadType = CodecPayloadType,
        Rtx = Rtx?.Clone(),
        Dtx = Dtx,
        ScalabilityMode = ScalabilityMode,
        ScaleResolutionDownBy = ScaleResolutionDownBy,
        MaxBitrate = MaxBitrate,
        MaxFramerate = MaxFramerate,
        AdaptivePtime = AdaptivePtime,
        Active = Active,
        Priority = Priority,
        NetworkPriority = NetworkPriority,
    };
}
