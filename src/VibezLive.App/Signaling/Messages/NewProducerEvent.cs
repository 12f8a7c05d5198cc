using System.Text.Json;
using VibezLive.Media.Parameters;

namespace VibezLive.App.Signaling.Messages;

public sealed record NewProducerEvent(string ProducerId, string PeerId, MediaKind Kind, JsonElement AppData);
