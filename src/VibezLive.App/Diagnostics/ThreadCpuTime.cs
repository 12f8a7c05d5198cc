using System.Globalization;
using System.Runtime.InteropServices;

namespace VibezLive.App.Diagnostics;

/// <summary>
/// CPU time of this process's threads by name, from Linux's <c>/proc/self/task/*/{comm,stat}</c> (proc(5): fields 14
/// and 15 of <c>stat</c>, <c>utime</c> and <c>stime</c>, in clock ticks). The media workers are single threads named
/// <c>media-worker-N</c>, so this is the CPU time per worker. Read at scrape time only; empty on other systems.
/// </summary>
internal static partial class ThreadCpuTime
{
    private const int ScClkTck = 2; // _SC_CLK_TCK on Linux
    private static readonly double TicksPerSecond = ReadTicksPerSecond();

    public static IEnumerable<(string Name, double Seconds)> Read(string namePrefix)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc/self/task"))
        {
            yield break;
        }

        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (TryRead(task, namePrefix, out var name, out var seconds))
            {
                yield return (name, seconds);
            }
        }
    }

    private static bool TryRead(string task, string namePrefix, out string name, out double seconds)
    {
        name = string.Empty;
        seconds = 0;
        try
        {
            name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
            if (!name.StartsWith(namePrefix, StringComparison.Ordinal))
            {
                return false;
            }

            // "pid (comm) state ..." – comm may contain spaces and ')', so split after the last ')'.
            var stat = File.ReadAllText(Path.Combine(task, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            seconds = ticks / TicksPerSecond;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return false; // the thread ended while being read
        }
    }

    private static double ReadTicksPerSecond()
    {
        try
        {
            var ticks = OperatingSystem.IsLinux() ? Sysconf(ScClkTck) : 0;
            return ticks > 0 ? ticks : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100; // USER_HZ
        }
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long Sysconf(int name);
}
