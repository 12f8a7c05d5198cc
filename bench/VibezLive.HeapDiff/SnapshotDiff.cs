using System.Globalization;

namespace VibezLive.HeapDiff;

/// <summary>Prints what changed between two snapshots: RSS categories, GC heap figures, handles, and the types that grew most.</summary>
internal static class SnapshotDiff
{
    public static void Write(HeapSnapshot a, HeapSnapshot b, int top, TextWriter o)
    {
        o.WriteLine($"A: {a.TakenUtc} pid {a.Pid} (forced GC: {a.ForcedGc})");
        o.WriteLine($"B: {b.TakenUtc} pid {b.Pid} (forced GC: {b.ForcedGc})");
        o.WriteLine();
        o.WriteLine("Resident memory (/proc/<pid>/smaps)                          A          B      delta");
        Row(o, "total", a.Rss.TotalBytes, b.Rss.TotalBytes);
        foreach (string key in Keys(a.Rss.ByCategory, b.Rss.ByCategory))
        {
            Row(o, "  " + key, a.Rss.ByCategory.GetValueOrDefault(key), b.Rss.ByCategory.GetValueOrDefault(key));
        }

        o.WriteLine();
        o.WriteLine("GC heap");
        Row(o, "committed", a.Gc.CommittedBytes, b.Gc.CommittedBytes);
        Row(o, "live bytes", a.Gc.LiveBytes, b.Gc.LiveBytes);
        Row(o, "live objects", a.Gc.LiveObjects, b.Gc.LiveObjects, bytes: false);
        Row(o, "dead (unreachable, not yet swept)", a.Gc.DeadBytes, b.Gc.DeadBytes);
        Row(o, "free (fragmentation)", a.Gc.FreeBytes, b.Gc.FreeBytes);
        foreach (string key in Keys(a.Gc.CommittedByKind, b.Gc.CommittedByKind))
        {
            Row(o, "  committed " + key, a.Gc.CommittedByKind.GetValueOrDefault(key), b.Gc.CommittedByKind.GetValueOrDefault(key));
        }

        foreach (string key in Keys(a.Gc.LiveByKind, b.Gc.LiveByKind))
        {
            Row(o, "  live " + key, a.Gc.LiveByKind.GetValueOrDefault(key), b.Gc.LiveByKind.GetValueOrDefault(key));
        }

        o.WriteLine();
        o.WriteLine("GC handles");
        foreach (string key in Keys(a.Handles, b.Handles))
        {
            Row(o, "  " + key, a.Handles.GetValueOrDefault(key), b.Handles.GetValueOrDefault(key), bytes: false);
        }

        Row(o, "  pinned objects", a.PinnedObjects, b.PinnedObjects, bytes: false);
        o.WriteLine();
        o.WriteLine("Runtime native heaps (reserved/used ranges as ClrMD reports them)");
        foreach (string key in Keys(a.NativeHeaps, b.NativeHeaps))
        {
            Row(o, "  " + key, a.NativeHeaps.GetValueOrDefault(key), b.NativeHeaps.GetValueOrDefault(key));
        }

        o.WriteLine();
        o.WriteLine("JIT-compiled methods per module (current code version): methods A, methods B, code bytes A, code bytes B");
        foreach (string key in a.JitCode.Keys.Union(b.JitCode.Keys).OrderByDescending(k => b.JitCode.GetValueOrDefault(k)?.JitMethods ?? 0).Take(Math.Min(top, 15)))
        {
            ModuleCode? x = a.JitCode.GetValueOrDefault(key);
            ModuleCode? y = b.JitCode.GetValueOrDefault(key);
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Trim(key, 56),-56} {x?.JitMethods ?? 0,8:#,0} {y?.JitMethods ?? 0,8:#,0} {x?.CodeBytes ?? 0,12:#,0} {y?.CodeBytes ?? 0,12:#,0}"));
        }

        long methodsA = a.JitCode.Values.Sum(m => m.JitMethods);
        long methodsB = b.JitCode.Values.Sum(m => m.JitMethods);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"total",-56} {methodsA,8:#,0} {methodsB,8:#,0} {a.JitCode.Values.Sum(m => m.CodeBytes),12:#,0} {b.JitCode.Values.Sum(m => m.CodeBytes),12:#,0}"));

        Dictionary<string, TypeStat> before = a.Types.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Dictionary<string, TypeStat> after = b.Types.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var deltas = new List<(string Name, long Count, long Bytes, long CountB, long BytesB)>();
        foreach (string name in before.Keys.Union(after.Keys))
        {
            TypeStat? x = before.GetValueOrDefault(name);
            TypeStat? y = after.GetValueOrDefault(name);
            deltas.Add((name, (y?.Count ?? 0) - (x?.Count ?? 0), (y?.Bytes ?? 0) - (x?.Bytes ?? 0), y?.Count ?? 0, y?.Bytes ?? 0));
        }

        o.WriteLine();
        o.WriteLine($"Top {top} live types by byte growth (B - A)                                  Δcount       Δbytes   count in B   bytes in B");
        foreach (var d in deltas.OrderByDescending(d => d.Bytes).Take(top))
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Trim(d.Name, 70),-70} {d.Count,12:+#,0;-#,0;0} {d.Bytes,12:+#,0;-#,0;0} {d.CountB,12:#,0} {d.BytesB,12:#,0}"));
        }

        o.WriteLine();
        o.WriteLine($"Top {top} live types by count growth");
        foreach (var d in deltas.OrderByDescending(d => d.Count).Take(top))
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Trim(d.Name, 70),-70} {d.Count,12:+#,0;-#,0;0} {d.Bytes,12:+#,0;-#,0;0} {d.CountB,12:#,0} {d.BytesB,12:#,0}"));
        }

        o.WriteLine();
        o.WriteLine($"Top {Math.Min(top, 10)} live types by shrinkage");
        foreach (var d in deltas.OrderBy(d => d.Bytes).Take(Math.Min(top, 10)))
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Trim(d.Name, 70),-70} {d.Count,12:+#,0;-#,0;0} {d.Bytes,12:+#,0;-#,0;0} {d.CountB,12:#,0} {d.BytesB,12:#,0}"));
        }
    }

    private static IEnumerable<string> Keys(Dictionary<string, long> a, Dictionary<string, long> b) =>
        a.Keys.Union(b.Keys).OrderByDescending(k => Math.Max(a.GetValueOrDefault(k), b.GetValueOrDefault(k)));

    private static void Row(TextWriter o, string label, long a, long b, bool bytes = true)
    {
        string Fmt(long v) => bytes ? (v / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB" : v.ToString("#,0", CultureInfo.InvariantCulture);
        string delta = bytes
            ? ((b - a) / 1048576.0).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " MiB"
            : (b - a).ToString("+#,0;-#,0;0", CultureInfo.InvariantCulture);
        o.WriteLine($"  {Trim(label, 56),-56} {Fmt(a),12} {Fmt(b),12} {delta,12}");
    }

    private static string Trim(string s, int max) => s.Length <= max ? s : "…" + s[^(max - 1)..];
}
