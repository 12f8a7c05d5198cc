namespace VibezLive.HeapDiff;

/// <summary>The GC heap as the dump shows it. Live = reachable from a root; dead = unreachable but not yet swept.</summary>
internal sealed class GcSummary
{
    public bool IsServer { get; set; }

    public int SubHeaps { get; set; }

    public int Segments { get; set; }

    /// <summary>Memory committed for GC regions/segments (what the GC holds from the OS for objects).</summary>
    public long CommittedBytes { get; set; }

    public long LiveObjects { get; set; }

    public long LiveBytes { get; set; }

    public long DeadObjects { get; set; }

    public long DeadBytes { get; set; }

    /// <summary>Free objects inside segments: fragmentation.</summary>
    public long FreeBytes { get; set; }

    /// <summary>Committed bytes per segment kind (Generation0/1/2, Ephemeral, Large, Pinned, Frozen).</summary>
    public Dictionary<string, long> CommittedByKind { get; set; } = [];

    /// <summary>Live bytes per segment kind.</summary>
    public Dictionary<string, long> LiveByKind { get; set; } = [];

    /// <summary>Free (fragmentation) bytes per segment kind.</summary>
    public Dictionary<string, long> FreeByKind { get; set; } = [];
}
