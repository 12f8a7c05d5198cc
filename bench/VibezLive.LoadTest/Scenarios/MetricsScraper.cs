using System.Globalization;

namespace VibezLive.LoadTest.Scenarios;

/// <summary>
/// Reads the server's Prometheus text endpoint: the gauges that count live objects (rooms, peers, transports,
/// producers, consumers; after churn they must all be back to zero), or every series (memory figures).
/// </summary>
internal static class MetricsScraper
{
    private static readonly string[] ObjectWords = ["room", "peer", "transport", "producer", "consumer"];

    /// <summary>The object-count gauges only.</summary>
    public static Task<Dictionary<string, double>?> ScrapeAsync(Uri server, string path, CancellationToken ct) =>
        ScrapeAsync(server, path, (name, gauge) => gauge && ObjectWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase)), 500, ct);

    /// <summary>Every series, "name{labels}" → value.</summary>
    public static Task<Dictionary<string, double>?> ScrapeAllAsync(Uri server, string path, CancellationToken ct) =>
        ScrapeAsync(server, path, static (_, _) => true, 5000, ct);

    private static async Task<Dictionary<string, double>?> ScrapeAsync(Uri server, string path, Func<string, bool, bool> keep, int maxSeries, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string text;
        try
        {
            using var response = await http.GetAsync(new Uri(server, path), ct);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            text = await response.Content.ReadAsStringAsync(ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }

        var gauges = new HashSet<string>(StringComparer.Ordinal);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ');
                if (parts.Length >= 4 && parts[3] == "gauge")
                {
                    gauges.Add(parts[2]);
                }

                continue;
            }

            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int nameEnd = line.IndexOfAny(['{', ' ']);
            if (nameEnd <= 0)
            {
                continue;
            }

            string name = line[..nameEnd];
            if (!keep(name, gauges.Contains(name)))
            {
                continue;
            }

            // "name{labels} value [timestamp]" or "name value [timestamp]".
            int seriesEnd = line[nameEnd] == '{' ? line.LastIndexOf('}') + 1 : nameEnd;
            if (seriesEnd <= 0)
            {
                continue;
            }

            string series = line[..seriesEnd];
            string[] tail = line[seriesEnd..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string valueText = tail.Length > 0 ? tail[0] : "";
            if (double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && result.Count < maxSeries)
            {
                result[series] = value;
            }
        }

        return result;
    }
}
