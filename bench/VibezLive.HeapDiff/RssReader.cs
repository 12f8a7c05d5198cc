using System.Globalization;

namespace VibezLive.HeapDiff;

/// <summary>Reads /proc/&lt;pid&gt;/smaps and sorts each mapping's resident memory into a category.</summary>
internal static class RssReader
{
    public const string GcHeap = "gc heap regions (in use + free ones kept)";
    public const string GcBookkeeping = "gc bookkeeping (card table, mark array)";
    public const string RuntimeExecutable = "runtime doublemapper (JIT code, stubs, loader heaps)";
    public const string RuntimeNativeHeaps = "runtime native heaps (loader, handle table)";
    public const string ManagedImages = "managed assembly images (*.dll)";
    public const string NativeLibraries = "native libraries (*.so)";
    public const string MallocHeap = "malloc main arena ([heap])";
    public const string MainStack = "main thread stack";
    public const string OtherAnonymous = "other anonymous (thread arenas, stacks, native allocs)";
    public const string OtherFiles = "other files";

    public static List<Mapping> ReadMappings(int pid)
    {
        var result = new List<Mapping>();
        ulong start = 0;
        ulong end = 0;
        string name = "";
        bool open = false;
        foreach (string line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            // A mapping header is "start-end perms offset dev inode [name]"; attribute lines are "Key:   value kB".
            int dash = line.IndexOf('-', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && IsHex(line.AsSpan(0, dash)))
            {
                start = ulong.Parse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                end = ulong.Parse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                string[] fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                name = fields.Length >= 6 ? fields[5].Trim() : "";
                open = true;
            }
            else if (open && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                long kb = long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
                result.Add(new Mapping(start, end, name, kb));
                open = false;
            }
        }

        return result;
    }

    /// <summary>
    /// Sorts resident memory into categories. <paramref name="gcRanges"/> and <paramref name="nativeHeapRanges"/>
    /// come from the runtime (ClrMD) so that anonymous mappings can be attributed.
    /// </summary>
    public static RssSummary Classify(
        List<Mapping> mappings,
        IReadOnlyList<(ulong Start, ulong End)> gcRanges,
        IReadOnlyList<(ulong Start, ulong End)> gcBookkeepingRanges,
        IReadOnlyList<(ulong Start, ulong End)> nativeHeapRanges)
    {
        var summary = new RssSummary();
        foreach (Mapping m in mappings)
        {
            string category = Categorize(m, gcRanges, gcBookkeepingRanges, nativeHeapRanges);
            long bytes = m.RssKb * 1024;
            summary.ByCategory[category] = summary.ByCategory.GetValueOrDefault(category) + bytes;
            summary.TotalBytes += bytes;
        }

        return summary;
    }

    private static string Categorize(
        Mapping m,
        IReadOnlyList<(ulong Start, ulong End)> gcRanges,
        IReadOnlyList<(ulong Start, ulong End)> gcBookkeepingRanges,
        IReadOnlyList<(ulong Start, ulong End)> nativeHeapRanges)
    {
        if (m.Name.Contains("doublemapper", StringComparison.Ordinal))
        {
            return RuntimeExecutable;
        }

        if (m.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return ManagedImages;
        }

        if (m.Name.Contains(".so", StringComparison.Ordinal))
        {
            return NativeLibraries;
        }

        if (m.Name == "[heap]")
        {
            return MallocHeap;
        }

        if (m.Name == "[stack]")
        {
            return MainStack;
        }

        if (!m.IsAnonymous)
        {
            return OtherFiles;
        }

        if (AnyOverlap(m, gcRanges))
        {
            return GcHeap;
        }

        if (AnyOverlap(m, gcBookkeepingRanges))
        {
            return GcBookkeeping;
        }

        return AnyOverlap(m, nativeHeapRanges) ? RuntimeNativeHeaps : OtherAnonymous;
    }

    private static bool AnyOverlap(Mapping m, IReadOnlyList<(ulong Start, ulong End)> ranges)
    {
        foreach ((ulong start, ulong end) in ranges)
        {
            if (m.Overlaps(start, end))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsHex(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return s.Length > 0;
    }
}
