using VibezLive.Media.Parameters;

namespace VibezLive.App.Signaling.Messages;

public sealed record RouterCapabilitiesEvent(RtpCapabilities RouterRtpCapabilities);
