using System.Globalization;
using System.Text.Json;
using VibezLive.HeapDiff;

// Heap evidence for a running .NET process (see bench/README.md, Churn):
//   snapshot <pid> <out.json> [--no-gc] [--keep-dump <path>] [--paths <type-name-part>] [--strings <text>]
//   diff <a.json> <b.json> [--top N]
//   show <a.json> [--top N]
if (args.Length >= 3 && args[0] == "snapshot" && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
{
    bool forceGc = !args.Contains("--no-gc");
    string? keepDump = Option(args, "--keep-dump");
    string? paths = Option(args, "--paths");
    string? strings = Option(args, "--strings");
    HeapSnapshot snapshot = SnapshotCollector.Take(pid, forceGc, keepDump, paths, strings, Console.Error);
    await File.WriteAllTextAsync(args[2], JsonSerializer.Serialize(snapshot, SnapshotJsonContext.Default.HeapSnapshot));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"pid {pid}: RSS {snapshot.Rss.TotalBytes / 1048576.0:0.0} MiB, GC committed {snapshot.Gc.CommittedBytes / 1048576.0:0.0} MiB, live {snapshot.Gc.LiveBytes / 1048576.0:0.0} MiB in {snapshot.Gc.LiveObjects:#,0} objects, free {snapshot.Gc.FreeBytes / 1048576.0:0.0} MiB, dead {snapshot.Gc.DeadBytes / 1048576.0:0.0} MiB -> {args[2]}"));
    return 0;
}

if (args.Length >= 3 && args[0] == "diff")
{
    HeapSnapshot a = Load(args[1]);
    HeapSnapshot b = Load(args[2]);
    SnapshotDiff.Write(a, b, Top(args), Console.Out);
    return 0;
}

if (args.Length >= 2 && args[0] == "show")
{
    HeapSnapshot a = Load(args[1]);
    SnapshotDiff.Write(new HeapSnapshot { TakenUtc = "(empty)" }, a, Top(args), Console.Out);
    return 0;
}

await Console.Error.WriteLineAsync("""
    usage: VibezLive.HeapDiff snapshot <pid> <out.json> [--no-gc] [--keep-dump <path>] [--paths <type-name-part>] [--strings <text>]
           VibezLive.HeapDiff diff <a.json> <b.json> [--top N]
           VibezLive.HeapDiff show <a.json> [--top N]
    """);
return 2;

static string? Option(string[] args, string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static int Top(string[] args) =>
    Option(args, "--top") is { } t && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 30;

static HeapSnapshot Load(string path) =>
    JsonSerializer.Deserialize(File.ReadAllText(path), SnapshotJsonContext.Default.HeapSnapshot)
    ?? throw new InvalidDataException(path + " is not a snapshot");
