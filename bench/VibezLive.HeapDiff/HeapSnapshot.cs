namespace VibezLive.HeapDiff;

/// <summary>One snapshot of a running process: live managed objects per type, GC heap shape, handles, and RSS by mapping.</summary>
internal sealed class HeapSnapshot
{
    public string TakenUtc { get; set; } = "";

    public int Pid { get; set; }

    /// <summary>A full blocking GC was induced (EventPipe GCHeapCollect) right before the dump.</summary>
    public bool ForcedGc { get; set; }

    public RssSummary Rss { get; set; } = new();

    public GcSummary Gc { get; set; } = new();

    /// <summary>GC handle count per kind (Strong, WeakShort, Pinned, AsyncPinned, Dependent, ...).</summary>
    public Dictionary<string, long> Handles { get; set; } = [];

    /// <summary>Distinct objects held by Pinned or AsyncPinned handles.</summary>
    public long PinnedObjects { get; set; }

    /// <summary>Runtime native heaps (loader, stub, code, GC bookkeeping) as ClrMD reports them: bytes per kind.</summary>
    public Dictionary<string, long> NativeHeaps { get; set; } = [];

    /// <summary>JIT-compiled methods (current version) and code bytes per module.</summary>
    public Dictionary<string, ModuleCode> JitCode { get; set; } = [];

    /// <summary>With --strings: live strings containing the given text (e.g. a room or peer id prefix).</summary>
    public int? MatchingStrings { get; set; }

    /// <summary>Live objects per type, largest total first.</summary>
    public List<TypeStat> Types { get; set; } = [];
}
