namespace VibezLive.Media;

/// <summary>Options of <see cref="Router.CreateWebRtcTransportAsync"/> (mediasoup's WebRtcTransportOptions subset).</summary>
public sealed class WebRtcTransportOptions
{
    /// <summary>Start value of the outgoing bitrate estimate (bit/s). Null: <see cref="MediaOptions.InitialAvailableOutgoingBitrate"/>.</summary>
    public int? InitialAvailableOutgoingBitrate { get; init; }

    /// <summary>Incoming bitrate cap sent to the browser (bit/s). Null: <see cref="MediaOptions.MaxIncomingBitrate"/>; 0 = none.</summary>
    public int? MaxIncomingBitrate { get; init; }

    /// <summary>Advertise SCTP parameters (data channels are not implemented yet; the parameters let clients negotiate).</summary>
    public bool EnableSctp { get; init; }

    /// <summary>Only with <see cref="EnableSctp"/>: the client's <c>numStreams</c>.</summary>
    public int NumSctpStreamsOs { get; init; } = 1024;

    public int NumSctpStreamsMis { get; init; } = 1024;

    public int MaxSctpMessageSize { get; init; } = 262144;

    /// <summary>Opaque data for the application.</summary>
    public IDictionary<string, object?>? AppData { get; init; }
}
