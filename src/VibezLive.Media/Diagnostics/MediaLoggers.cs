using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VibezLive.Media.Diagnostics;

/// <summary>
/// One logger category per area (mediasoup's log tags): enabling <c>VibezLive.Media</c> at Debug turns on all media
/// debugging, <c>VibezLive.Media.Ice</c> only ICE, and so on.
/// </summary>
internal sealed class MediaLoggers(ILoggerFactory? factory)
{
    private readonly ILoggerFactory _factory = factory ?? NullLoggerFactory.Instance;

    public ILogger Worker { get; } = (factory ?? NullLoggerFactory.Instance).CreateLogger("VibezLive.Media.Worker");

    public ILogger Ice { get; } = (factory ?? NullLoggerFactory.Instance).CreateLogger("VibezLive.Media.Ice");

    public ILogger Dtls { get; } = (factory ?? NullLoggerFactory.Instance).CreateLogger("VibezLive.Media.Dtls");

    public ILogger Rtp { get; } = (factory ?? NullLoggerFactory.Instance).CreateLogger("VibezLive.Media.Rtp");

    public ILogger Rtcp { get; } = (factory ?? NullLoggerFactory.Instance).CreateLogger("VibezLive.Media.Rtcp");

    public ILoggerFactory Factory => _factory;
}
