using System.Diagnostics;
using System.Text;

namespace VibezLive.Media.Tests.Dtls;

/// <summary>Runs Debian's <c>openssl</c> with captured output; killed on dispose.</summary>
internal sealed class OpenSslProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    private OpenSslProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static OpenSslProcess Start(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        return new OpenSslProcess(Process.Start(info) ?? throw new InvalidOperationException("openssl did not start"));
    }

    /// <summary>Runs openssl to completion and returns its output.</summary>
    public static string Run(string workingDirectory, params string[] args)
    {
        using OpenSslProcess p = Start(workingDirectory, args);
        p._process.StandardInput.Close();
        if (!p._process.WaitForExit(20_000))
        {
            throw new TimeoutException("openssl " + string.Join(' ', args));
        }

        p._process.WaitForExit();
        return p.Output;
    }

    /// <summary>Waits (bounded) until a line starting with <paramref name="prefix"/> appears; returns the rest of that line.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (string line in Output.Split('\n'))
            {
                string trimmed = line.Trim();
                if (trimmed.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return trimmed[prefix.Length..].Trim();
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"openssl did not print '{prefix}'. Output:\n{Output}");
    }

    public void CloseInput() => _process.StandardInput.Close();

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
        }
    }
}
