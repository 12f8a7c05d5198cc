using System.Globalization;

namespace VibezLive.LoadTest.Metrics;

/// <summary>Reads a process's CPU time and RSS from /proc/&lt;pid&gt;/stat (proc(5)), and UDP drop counters from /proc/net/snmp.</summary>
internal static class ProcStat
{
    // USER_HZ: the unit of utime/stime; 100 on every Linux ABI .NET runs on.
    private const double ClockTicksPerSecond = 100.0;

    public static bool TryRead(int pid, out TimeSpan cpu, out long rssBytes)
    {
        cpu = TimeSpan.Zero;
        rssBytes = 0;
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        // The command name (field 2) is in parentheses and may contain spaces: fields restart after the last ')'.
        int close = text.LastIndexOf(')');
        if (close < 0)
        {
            return false;
        }

        string[] f = text[(close + 2)..].Split(' ');
        if (f.Length < 22
            || !long.TryParse(f[11], NumberStyles.None, CultureInfo.InvariantCulture, out long utime)
            || !long.TryParse(f[12], NumberStyles.None, CultureInfo.InvariantCulture, out long stime)
            || !long.TryParse(f[21], NumberStyles.None, CultureInfo.InvariantCulture, out long rssPages))
        {
            return false;
        }

        cpu = TimeSpan.FromSeconds((utime + stime) / ClockTicksPerSecond);
        rssBytes = rssPages * Environment.SystemPageSize;
        return true;
    }

    /// <summary>UDP RcvbufErrors + InErrors of this network namespace (datagrams dropped by a full socket buffer).</summary>
    public static long ReadUdpReceiveErrors()
    {
        try
        {
            string[] lines = File.ReadAllLines("/proc/net/snmp");
            for (int i = 0; i + 1 < lines.Length; i++)
            {
                if (!lines[i].StartsWith("Udp: ", StringComparison.Ordinal) || !lines[i + 1].StartsWith("Udp: ", StringComparison.Ordinal))
                {
                    continue;
                }

                string[] names = lines[i].Split(' ');
                string[] values = lines[i + 1].Split(' ');
                int rcvbuf = Array.IndexOf(names, "RcvbufErrors");
                return rcvbuf > 0 && rcvbuf < values.Length && long.TryParse(values[rcvbuf], CultureInfo.InvariantCulture, out long v) ? v : 0;
            }
        }
        catch (IOException)
        {
            // Not Linux, or no procfs: report 0.
        }

        return 0;
    }
}
