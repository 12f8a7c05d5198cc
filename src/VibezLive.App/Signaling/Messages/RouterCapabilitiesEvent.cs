using VibezLive.Media.RtpParameters;

namespace VibezLive.App.Signaling.Messages;

public sealed record RouterCapabilitiesEvent(RtpCapabilities RouterRtpCapabilities);
