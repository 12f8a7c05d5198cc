using System.Numerics;

namespace VibezLive.LoadTest.Metrics;

/// <summary>
/// A lock-free log-linear histogram of microsecond values: 8 µs buckets below 1 ms, then 32 buckets per power of
/// two (≈ 3% resolution) up to ~67 s. Recording is one Interlocked increment; snapshots subtract for intervals.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int LinearBuckets = 128;   // [0, 1024) µs by 8
    private const int SubBuckets = 32;
    private const int Octaves = 17;          // 2^10 .. 2^26 µs
    public const int BucketCount = LinearBuckets + (Octaves * SubBuckets) + 1;

    private readonly long[] _counts = new long[BucketCount];

    public void Record(long micros)
    {
        Interlocked.Increment(ref _counts[BucketOf(micros)]);
    }

    public long[] Snapshot()
    {
        var copy = new long[BucketCount];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = Volatile.Read(ref _counts[i]);
        }

        return copy;
    }

    public static int BucketOf(long micros)
    {
        if (micros < 0)
        {
            return 0;
        }

        if (micros < 1024)
        {
            return (int)(micros >> 3);
        }

        int exponent = 63 - BitOperations.LeadingZeroCount((ulong)micros); // ≥ 10
        int octave = exponent - 10;
        if (octave >= Octaves)
        {
            return BucketCount - 1;
        }

        int sub = (int)((micros >> (exponent - 5)) & (SubBuckets - 1));
        return LinearBuckets + (octave * SubBuckets) + sub;
    }

    /// <summary>The upper bound (µs) of a bucket.</summary>
    public static double UpperBound(int bucket)
    {
        if (bucket < LinearBuckets)
        {
            return (bucket + 1) * 8.0;
        }

        if (bucket >= BucketCount - 1)
        {
            return double.PositiveInfinity;
        }

        int octave = (bucket - LinearBuckets) / SubBuckets;
        int sub = (bucket - LinearBuckets) % SubBuckets;
        double low = Math.Pow(2, octave + 10);
        return low + ((sub + 1) * low / SubBuckets);
    }

    /// <summary>Percentile (0..100) in milliseconds of the counts in <paramref name="counts"/> (minus <paramref name="baseline"/>), or NaN when empty.</summary>
    public static double PercentileMs(long[] counts, long[]? baseline, double percentile)
    {
        long total = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            total += counts[i] - (baseline?[i] ?? 0);
        }

        if (total <= 0)
        {
            return double.NaN;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(total * percentile / 100.0));
        long seen = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            seen += counts[i] - (baseline?[i] ?? 0);
            if (seen >= rank)
            {
                return UpperBound(i) / 1000.0;
            }
        }

        return double.NaN;
    }
}
