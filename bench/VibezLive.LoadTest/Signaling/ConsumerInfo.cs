namespace VibezLive.LoadTest.Signaling;

/// <summary>The parts of a <c>consume</c> ack the receiver needs to recognise the stream.</summary>
internal sealed record ConsumerInfo(
    string Id,
    string ProducerId,
    string Kind,
    uint Ssrc,
    uint? RtxSsrc,
    int ClockRate);
