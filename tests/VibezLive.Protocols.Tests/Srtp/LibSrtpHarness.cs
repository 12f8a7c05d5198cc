using System.Diagnostics;

namespace VibezLive.Protocols.Tests.Srtp;

/// <summary>
/// Compiles and drives tests/interop/libsrtp/srtp_harness.c against Debian's libsrtp2 (package libsrtp2-dev) with gcc.
/// When either is missing the interop tests are skipped, not failed.
/// </summary>
internal sealed class LibSrtpHarness : IDisposable
{
    private static readonly Lazy<string?> s_binary = new(Build);
    private readonly Process _process;

    public LibSrtpHarness(int profile, bool protect, byte[] keyAndSalt)
    {
        var info = new ProcessStartInfo(s_binary.Value ?? throw new InvalidOperationException(SkipReason))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(profile.ToString());
        info.ArgumentList.Add(protect ? "protect" : "unprotect");
        info.ArgumentList.Add(Convert.ToHexString(keyAndSalt));
        _process = Process.Start(info)!;
    }

    public static string? SkipReason => s_binary.Value is null ? "gcc and libsrtp2-dev (Debian) are needed for the libsrtp interop tests" : null;

    /// <summary>Sends one packet; returns the transformed bytes, or null with libsrtp's error status.</summary>
    public byte[]? Apply(bool rtcp, ReadOnlySpan<byte> packet, out int status)
    {
        _process.StandardInput.WriteLine((rtcp ? "rtcp " : "rtp ") + Convert.ToHexString(packet));
        _process.StandardInput.Flush();
        Task<string?> read = _process.StandardOutput.ReadLineAsync();
        if (!read.Wait(TimeSpan.FromSeconds(10)) || read.Result is null)
        {
            throw new TimeoutException("libsrtp harness did not answer: " + _process.StandardError.ReadToEnd());
        }

        string line = read.Result;
        if (line.StartsWith("ok ", StringComparison.Ordinal))
        {
            status = 0;
            return Convert.FromHexString(line[3..]);
        }

        status = int.Parse(line[4..]);
        return null;
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private static string? Build()
    {
        string? source = FindSource();
        if (source is null || !File.Exists("/usr/include/srtp2/srtp.h"))
        {
            return null;
        }

        string directory = Directory.CreateTempSubdirectory("vibez-libsrtp-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        string output = Path.Combine(directory, "srtp_harness");
        var info = new ProcessStartInfo("gcc") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[] { "-O1", "-o", output, source, "-lsrtp2" })
        {
            info.ArgumentList.Add(a);
        }

        try
        {
            using Process gcc = Process.Start(info)!;
            if (!gcc.WaitForExit(60_000) || gcc.ExitCode != 0)
            {
                return null;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no gcc
        }

        return output;
    }

    private static string? FindSource()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "interop", "libsrtp", "srtp_harness.c");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A theory skipped when the libsrtp harness cannot be built here.</summary>
public sealed class LibSrtpTheoryAttribute : TheoryAttribute
{
    public LibSrtpTheoryAttribute() => Skip = LibSrtpHarness.SkipReason;
}
