using System.Text.Json;
using VibezLive.Media.Parameters;

namespace VibezLive.App.Signaling.Messages;

/// <summary><c>{ producerId, peerId, kind, appData, paused }</c>.</summary>
public sealed record ProducerInfo(string ProducerId, string PeerId, MediaKind Kind, JsonElement AppData, bool Paused);
