namespace VibezLive.HeapDiff;

/// <summary>One line range of /proc/&lt;pid&gt;/smaps: address range, backing name, resident kilobytes.</summary>
internal readonly record struct Mapping(ulong Start, ulong End, string Name, long RssKb)
{
    public bool IsAnonymous => Name.Length == 0 || Name.StartsWith("[anon", StringComparison.Ordinal);

    public bool Overlaps(ulong start, ulong end) => Start < end && start < End;
}
