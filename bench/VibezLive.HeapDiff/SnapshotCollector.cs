using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Runtime;

namespace VibezLive.HeapDiff;

/// <summary>
/// Takes a heap dump of a running process (DiagnosticsClient.WriteDump), walks it with ClrMD, and marks live
/// objects from the GC roots itself, so that "live" does not depend on when the last GC ran.
/// </summary>
internal static class SnapshotCollector
{
    public static HeapSnapshot Take(int pid, bool forceGc, string? keepDump, string? pathsFor, string? stringsFor, TextWriter log)
    {
        var client = new DiagnosticsClient(pid);
        if (forceGc)
        {
            GcTrigger.Collect(client);
        }

        // Resident memory is read before the dump: writing the dump touches the process's pages.
        List<Mapping> mappings = RssReader.ReadMappings(pid);
        string dump = keepDump ?? Path.Combine(Path.GetTempPath(), $"heapdiff-{pid}-{DateTime.UtcNow.Ticks}.dmp");
        client.WriteDump(DumpType.WithHeap, dump, logDumpGeneration: false);
        try
        {
            using DataTarget target = DataTarget.LoadDump(dump);
            using ClrRuntime runtime = CreateRuntime(target.ClrVersions[0]);
            HeapSnapshot snapshot = Analyze(runtime, mappings, pathsFor, stringsFor, log);
            snapshot.Pid = pid;
            snapshot.ForcedGc = forceGc;
            snapshot.TakenUtc = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            return snapshot;
        }
        finally
        {
            if (keepDump is null)
            {
                File.Delete(dump);
            }
        }
    }

    /// <summary>
    /// The DAC ships beside libcoreclr.so. A heap dump written by createdump carries no version resource for
    /// libcoreclr.so, so ClrMD cannot check the match ("expected 0.0"); the DAC from the very directory the target
    /// loaded its runtime from is the matching one, hence ignoreMismatch.
    /// </summary>
    private static ClrRuntime CreateRuntime(ClrInfo clr)
    {
        string? dir = Path.GetDirectoryName(clr.ModuleInfo.FileName);
        foreach (string? candidate in new[] { dir, System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory() })
        {
            string dac = Path.Combine(candidate ?? "", "libmscordaccore.so");
            if (File.Exists(dac))
            {
                return clr.CreateRuntime(dac, ignoreMismatch: true);
            }
        }

        return clr.CreateRuntime();
    }

    private static HeapSnapshot Analyze(ClrRuntime runtime, List<Mapping> mappings, string? pathsFor, string? stringsFor, TextWriter log)
    {
        ClrHeap heap = runtime.Heap;
        var snapshot = new HeapSnapshot();
        GcSummary gc = snapshot.Gc;
        gc.IsServer = heap.IsServer;
        gc.SubHeaps = heap.SubHeaps.Length;

        var gcRanges = new List<(ulong, ulong)>();
        foreach (ClrSegment segment in heap.Segments)
        {
            gc.Segments++;
            string kind = segment.Kind.ToString();
            gc.CommittedBytes += (long)segment.CommittedMemory.Length;
            Add(gc.CommittedByKind, kind, (long)segment.CommittedMemory.Length);
            gcRanges.Add((segment.ReservedMemory.Start == 0 ? segment.Start : segment.ReservedMemory.Start, Math.Max(segment.ReservedMemory.End, segment.CommittedMemory.End)));
        }

        var bookkeeping = new List<(ulong, ulong)>();
        var native = new List<(ulong, ulong)>();
        foreach (ClrNativeHeapInfo info in runtime.EnumerateClrNativeHeaps())
        {
            AddNative(snapshot, info, "", gcRanges, bookkeeping, native);
        }

        foreach (ClrJitManager jit in runtime.EnumerateJitManagers())
        {
            foreach (ClrNativeHeapInfo info in jit.EnumerateNativeHeaps())
            {
                AddNative(snapshot, info, "jit ", gcRanges, bookkeeping, native);
            }
        }

        snapshot.Rss = RssReader.Classify(mappings, gcRanges, bookkeeping, native);
        snapshot.JitCode = JitCodeCensus.Take(runtime);

        var pinned = new HashSet<ulong>();
        foreach (ClrHandle handle in runtime.EnumerateHandles())
        {
            Add(snapshot.Handles, handle.HandleKind.ToString(), 1);
            if (handle.HandleKind is ClrHandleKind.Pinned or ClrHandleKind.AsyncPinned && handle.Object.Address != 0)
            {
                pinned.Add(handle.Object.Address);
            }
        }

        snapshot.PinnedObjects = pinned.Count;

        LiveSet live = LiveSet.Mark(heap, trackParents: pathsFor is not null || stringsFor is not null);
        var types = new Dictionary<string, TypeStat>(StringComparer.Ordinal);
        foreach (ClrSegment segment in heap.Segments)
        {
            string kind = segment.Kind.ToString();
            foreach (ClrObject obj in segment.EnumerateObjects())
            {
                if (!obj.IsValid)
                {
                    continue;
                }

                long size = (long)obj.Size;
                if (obj.IsFree)
                {
                    gc.FreeBytes += size;
                    Add(gc.FreeByKind, kind, size);
                    continue;
                }

                if (!live.Contains(obj.Address))
                {
                    gc.DeadObjects++;
                    gc.DeadBytes += size;
                    continue;
                }

                gc.LiveObjects++;
                gc.LiveBytes += size;
                Add(gc.LiveByKind, kind, size);
                string name = obj.Type?.Name ?? "<unknown>";
                if (!types.TryGetValue(name, out TypeStat? stat))
                {
                    stat = new TypeStat { Name = name };
                    types.Add(name, stat);
                }

                stat.Count++;
                stat.Bytes += size;
            }
        }

        snapshot.Types = [.. types.Values.OrderByDescending(t => t.Bytes).ThenBy(t => t.Name, StringComparer.Ordinal)];
        if (pathsFor is not null)
        {
            live.WritePaths(heap, $"type name contains '{pathsFor}'", o => o.Type!.Name!.Contains(pathsFor, StringComparison.Ordinal), maxPaths: 3, log);
        }

        if (stringsFor is not null)
        {
            snapshot.MatchingStrings = live.WritePaths(
                heap,
                $"strings containing '{stringsFor}'",
                o => o.Type!.IsString && (o.AsString(4096) ?? "").Contains(stringsFor, StringComparison.Ordinal),
                maxPaths: 3,
                log);
        }

        return snapshot;
    }

    private static void AddNative(
        HeapSnapshot snapshot,
        ClrNativeHeapInfo info,
        string prefix,
        List<(ulong, ulong)> gcRanges,
        List<(ulong, ulong)> bookkeeping,
        List<(ulong, ulong)> native)
    {
        MemoryRange range = info.MemoryRange;
        if (range.Length == 0)
        {
            return;
        }

        Add(snapshot.NativeHeaps, prefix + info.Kind, (long)range.Length);
        switch (info.Kind)
        {
            case NativeHeapKind.GCFreeRegion:
                gcRanges.Add((range.Start, range.End));
                break;
            case NativeHeapKind.GCBookkeeping:
                bookkeeping.Add((range.Start, range.End));
                break;
            default:
                native.Add((range.Start, range.End));
                break;
        }
    }

    private static void Add(Dictionary<string, long> map, string key, long value) =>
        map[key] = map.GetValueOrDefault(key) + value;
}
