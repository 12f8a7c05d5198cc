namespace VibezLive.LoadTest.Reporting;

/// <summary>One step of the webinar ramp: N subscribers held for the step's seconds, and whether it met the bar.</summary>
internal sealed record RampStep(int Subscribers, bool Passed, string Verdict, IntervalResult Measured);
