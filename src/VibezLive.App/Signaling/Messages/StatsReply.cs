using System.Text.Json;

namespace VibezLive.App.Signaling.Messages;

/// <summary><c>{ stats: [...] }</c> (each entry already serialized by the engine's own contract).</summary>
public sealed record StatsReply(IReadOnlyList<JsonElement> Stats);
