namespace VibezLive.HeapDiff;

/// <summary>
/// The process's resident memory split by what the mapping holds (/proc/&lt;pid&gt;/smaps): GC heap ranges, the
/// runtime's executable double-mapped memory (JIT code, loader heaps, stubs), managed assembly images, native
/// libraries, the malloc heap, and other anonymous memory (malloc arenas of other threads, thread stacks, native
/// libraries' own allocations).
/// </summary>
internal sealed class RssSummary
{
    public long TotalBytes { get; set; }

    /// <summary>Resident bytes per category.</summary>
    public Dictionary<string, long> ByCategory { get; set; } = [];
}
