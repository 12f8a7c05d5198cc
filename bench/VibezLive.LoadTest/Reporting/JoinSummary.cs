namespace VibezLive.LoadTest.Reporting;

/// <summary>Joins: counts, rate, and how long from starting a join to its ack and to its first media packet.</summary>
internal sealed record JoinSummary(
    long Attempted,
    long Succeeded,
    long Failed,
    double JoinsPerSecond,
    double JoinP50Ms,
    double JoinP95Ms,
    double JoinP99Ms,
    int FirstPacketSamples,
    double FirstPacketP50Ms,
    double FirstPacketP95Ms,
    double FirstPacketP99Ms);
