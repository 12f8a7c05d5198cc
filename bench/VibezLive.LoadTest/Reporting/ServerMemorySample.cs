namespace VibezLive.LoadTest.Reporting;

/// <summary>
/// The server's memory at one point of a churn run: RSS from /proc, and what the .NET runtime reports on the
/// metrics endpoint (null when the backend does not export it). RSS outside the GC = RSS − GC committed: JIT code,
/// loader heaps, native allocations, mapped assemblies; it isolates growth the GC's own budget does not explain.
/// </summary>
internal sealed record ServerMemorySample(
    string Point,
    int CyclesDone,
    int LivePeers,
    long RssBytes,
    long? GcCommittedBytes,
    long? GcHeapAfterLastGcBytes,
    long? GcFragmentationBytes,
    long? ManagedTotalBytes,
    long? RssOutsideGcBytes,
    long? JitCompiledMethods,
    long? GcCollections,
    bool AfterInducedFullGc);
