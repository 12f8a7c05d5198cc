namespace VibezLive.Media.Observers;

/// <summary>The room's loudest audio producer changed: <paramref name="Volume"/> is its mean level over the last
/// interval in dBov (0 = loudest, e.g. -30), the sign mediasoup's audio-level observer uses.</summary>
public readonly record struct ActiveSpeaker(Producer Producer, int Volume);
