namespace VibezLive.Media.Negotiation;

/// <summary>H.264 profiles distinguished by WebRTC negotiation (H.264 Annex A.2; RFC 6184 §8.1 profile-level-id).</summary>
public enum H264Profile
{
    ConstrainedBaseline = 1,
    Baseline,
    Main,
    ConstrainedHigh,
    High,
    PredictiveHigh444,
}
