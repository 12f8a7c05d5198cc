namespace VibezLive.Protocols.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1, RFC 3611). Other values are kept raw.</summary>
public enum RtcpPacketType : byte
{
    SenderReport = 200,
    ReceiverReport = 201,
    SourceDescription = 202,
    Goodbye = 203,
    ApplicationDefined = 204,

    /// <summary>RTPFB: transport layer feedback (RFC 4585 §6.2); FMT 1 generic NACK, 15 transport-wide CC.</summary>
    TransportFeedback = 205,

    /// <summary>PSFB: payload-specific feedback (RFC 4585 §6.3); FMT 1 PLI, 4 FIR, 15 application layer (REMB).</summary>
    PayloadFeedback = 206,
    ExtendedReport = 207,
}
