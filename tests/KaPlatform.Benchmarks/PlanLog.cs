using System.Globalization;
using System.Text.RegularExpressions;

namespace KaPlatform.Benchmarks;

/// <summary>
/// Issue 18: "each query's plan where a target is missed", for every series, from the statements the services really
/// ran. A self-started platform's PostgreSQL runs with auto_explain (<see cref="ServerSettings"/>): every statement
/// slower than <see cref="MinDurationMs"/> has its plan written to the server log. A series remembers where the log
/// was when it started and ended (<see cref="Mark"/>); when its p95 misses, the slowest plan logged in between is
/// printed. The plans are EXPLAIN without ANALYZE (estimated rows): instrumenting every statement with timings would
/// slow what is measured.
/// </summary>
internal static partial class PlanLog
{
    public const int MinDurationMs = 40;

    /// <summary>Relative to PostgreSQL's data directory, which the postgres user owns.</summary>
    private const string Directory = "log";
    private const string FileName = "postgresql.log";

    public static string ServerSettings => string.Join(';',
        "session_preload_libraries=auto_explain",
        $"auto_explain.log_min_duration={MinDurationMs}",
        "auto_explain.log_format=text",
        "logging_collector=on",
        $"log_directory={Directory}",
        $"log_filename={FileName}");

    /// <summary>Where the AppHost's PostgreSQL keeps its data under the platform's data directory.</summary>
    public static string PathIn(string platformDataDirectory) =>
        Path.Combine(platformDataDirectory, "postgres", "data", Directory, FileName);

    public static long Mark(string? path) => path is not null && File.Exists(path) ? new FileInfo(path).Length : -1;

    /// <summary>The slowest logged plan between two marks, or null (no log, or nothing over the threshold).</summary>
    public static (double Ms, IReadOnlyList<string> Lines)? Slowest(string? path, long from, long to)
    {
        if (path is null || from < 0 || to <= from || !File.Exists(path))
        {
            return null;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(from, SeekOrigin.Begin);
        var buffer = new byte[to - from];
        stream.ReadExactly(buffer);
        (double Ms, List<string> Lines)? best = null;
        (double Ms, List<string> Lines)? current = null;
        foreach (var line in System.Text.Encoding.UTF8.GetString(buffer).Split('\n'))
        {
            if (Entry().Match(line) is { Success: true } start)
            {
                current = (double.Parse(start.Groups[1].Value, CultureInfo.InvariantCulture), []);
                if (best is null || current.Value.Ms > best.Value.Ms)
                {
                    best = current;
                }
            }
            else if (current is { } entry && line.StartsWith('\t'))
            {
                entry.Lines.Add(line.TrimEnd());
            }
            else
            {
                current = null;
            }
        }

        return best is { } b ? (b.Ms, b.Lines) : null;
    }

    [GeneratedRegex(@"LOG:\s+duration: ([0-9.]+) ms\s+plan:")]
    private static partial Regex Entry();
}
