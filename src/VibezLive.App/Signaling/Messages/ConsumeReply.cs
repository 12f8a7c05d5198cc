using System.Text.Json;
using VibezLive.Media.Parameters;

namespace VibezLive.App.Signaling.Messages;

public sealed record ConsumeReply(
    string Id,
    string ProducerId,
    MediaKind Kind,
    RtpParameters RtpParameters,
    string Type,
    bool ProducerPaused,
    JsonElement AppData);
