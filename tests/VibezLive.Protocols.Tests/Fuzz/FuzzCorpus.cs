namespace VibezLive.Protocols.Tests.Fuzz;

/// <summary>
/// Loads the checked-in seed corpora (<c>Fuzz/Corpora/*.txt</c>: one hex datagram per line, <c>#</c> comments)
/// from the source tree, found by walking up from the test binaries.
/// </summary>
internal static class FuzzCorpus
{
    private static readonly Lazy<string> Directory = new(FindDirectory);

    public static IReadOnlyList<byte[]> Load(string name)
    {
        string path = Path.Combine(Directory.Value, name + ".txt");
        var seeds = new List<byte[]>();
        foreach (string line in File.ReadAllLines(path))
        {
            string trimmed = line.Trim();
            if (trimmed.Length > 0 && !trimmed.StartsWith('#'))
            {
                seeds.Add(Convert.FromHexString(trimmed));
            }
        }

        return seeds;
    }

    private static string FindDirectory()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "VibezLive.Protocols.Tests", "Fuzz", "Corpora");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }

            candidate = Path.Combine(dir.FullName, "Fuzz", "Corpora");
            if (System.IO.Directory.Exists(candidate) && File.Exists(Path.Combine(candidate, "rtp.txt")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("Fuzz/Corpora not found above " + AppContext.BaseDirectory);
    }
}
