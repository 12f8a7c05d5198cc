using VibezLive.Protocols.Rtcp;

namespace VibezLive.LoadTest.Media;

/// <summary>
/// The RTCP a publisher's send transport receives: PLI (RFC 4585 §6.3.1) and FIR (RFC 5104 §4.3.1) turn into a key
/// frame on the next video frame; NACKs are answered with RTX; NACKs and reports are counted.
/// </summary>
internal sealed class PublisherSink : IPacketSink
{
    private OutboundStream? _video;

    public long KeyFrameRequests { get; private set; }

    public long NacksReceived { get; private set; }

    public long ReportsReceived { get; private set; }

    public void SetVideo(OutboundStream video) => Volatile.Write(ref _video, video);

    public void OnRtp(ReadOnlySpan<byte> packet, long arrival)
    {
        // A send transport receives no media.
    }

    public void OnRtcp(ReadOnlySpan<byte> packet, long arrival)
    {
        var reader = new RtcpCompoundReader(packet);
        while (reader.TryReadNext(out RtcpPacket rtcp))
        {
            switch (rtcp.Type)
            {
                case RtcpPacketType.PayloadFeedback
                    when PictureLossIndication.TryParse(rtcp, out _) || FullIntraRequest.TryParse(rtcp, out _):
                    KeyFrameRequests++;
                    Volatile.Read(ref _video)?.RequestKeyFrame();
                    break;
                case RtcpPacketType.TransportFeedback when GenericNack.TryParse(rtcp, out GenericNack nack):
                    NacksReceived++;
                    if (Volatile.Read(ref _video) is { } video && nack.MediaSsrc == video.Ssrc)
                    {
                        foreach (ushort lost in nack.GetLostSequenceNumbers())
                        {
                            video.OnNack(lost);
                        }
                    }

                    break;
                case RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport:
                    ReportsReceived++;
                    break;
                default:
                    break;
            }
        }
    }
}
