namespace VibezLive.Media.Parameters;

/// <summary>RTCP settings of a producer/consumer: CNAME (RFC 3550 §6.5.1), reduced-size RTCP (RFC 5506), mux (RFC 5761).</summary>
public sealed class RtcpParameters
{
    /// <summary>May be "" (mediasoup-client sends an empty cname with simulcast).</summary>
    public string? Cname { get; set; }

    public bool ReducedSize { get; set; } = true;

    public bool? Mux { get; set; }

    public RtcpParameters Clone() => new() { Cname = Cname, ReducedSize = ReducedSize, Mux = Mux };
}
