using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace KaPlatform.Benchmarks;

/// <summary>The command line, hand-parsed like the AppHost's: a handful of flags does not justify a package.</summary>
internal sealed class BenchmarkOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project tests/KaPlatform.Benchmarks -- [options]

        Measures the non-functional targets of ARCHITECTURE.md and prints figures (it never asserts).
        Build the platform in Release first: dotnet build KaPlatform.sln -c Release

        Options:
          --scenario S        all | bulk | gateway | events (default all: bulk, gateway, events in that order).
          --duration N        Seconds per measured phase (default 10).
          --accounts N        Rows the bulk scenario COPYs into accounts (default 100000).
          --workers N         Concurrent workers of the closed-loop gateway phase (default 32).
          --rate N            Accounts POSTed per second in the events scenario (default 50).
          --platform DIR      Use the running platform whose AppHost data directory is DIR (endpoints.json and
                              secrets.json); default: start a platform of our own in /tmp.
          --keep-data         Keep the data directory of a self-started platform (default: deleted after a clean run).
          -h, --help          Show this text.

        """;

    public string Scenario { get; private set; } = "all";
    public int DurationSeconds { get; private set; } = 10;
    public int Accounts { get; private set; } = 100_000;
    public int Workers { get; private set; } = 32;
    public int EventRate { get; private set; } = 50;
    public string? PlatformDirectory { get; private set; }
    public bool KeepData { get; private set; }
    public bool ShowHelp { get; private set; }

    public TimeSpan Duration => TimeSpan.FromSeconds(DurationSeconds);

    public static bool TryParse(string[] args, [NotNullWhen(true)] out BenchmarkOptions? options, [NotNullWhen(false)] out string? error)
    {
        var parsed = new BenchmarkOptions();
        error = null;
        for (var i = 0; i < args.Length && error is null; i++)
        {
            var (name, inline) = args[i].StartsWith("--", StringComparison.Ordinal) && args[i].IndexOf('=') is var eq and > 0
                ? (args[i][..eq], args[i][(eq + 1)..])
                : (args[i], null);
            string? Value() => inline ?? (i + 1 < args.Length ? args[++i] : null);

            switch (name)
            {
                case "-h" or "--help":
                    parsed.ShowHelp = true;
                    break;
                case "--scenario":
                    var scenario = Value()?.ToLowerInvariant();
                    if (scenario is "all" or "bulk" or "gateway" or "events")
                    {
                        parsed.Scenario = scenario;
                    }
                    else
                    {
                        error = $"--scenario takes all, bulk, gateway or events, not '{scenario}'.";
                    }

                    break;
                case "--duration":
                    parsed.DurationSeconds = Positive(name, Value(), 3600, ref error);
                    break;
                case "--accounts":
                    parsed.Accounts = Positive(name, Value(), 10_000_000, ref error);
                    break;
                case "--workers":
                    parsed.Workers = Positive(name, Value(), 4096, ref error);
                    break;
                case "--rate":
                    parsed.EventRate = Positive(name, Value(), 10_000, ref error);
                    break;
                case "--platform":
                    parsed.PlatformDirectory = Value();
                    if (string.IsNullOrWhiteSpace(parsed.PlatformDirectory))
                    {
                        error = "--platform needs the AppHost's data directory.";
                    }
                    else
                    {
                        parsed.PlatformDirectory = Path.GetFullPath(parsed.PlatformDirectory);
                    }

                    break;
                case "--keep-data":
                    parsed.KeepData = true;
                    break;
                default:
                    error = $"Unknown option '{args[i]}'.";
                    break;
            }
        }

        options = error is null ? parsed : null;
        return options is not null;
    }

    public bool Runs(string scenario) => Scenario == "all" || Scenario == scenario;

    private static int Positive(string name, string? text, int max, ref string? error)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max)
        {
            return value;
        }

        error = $"{name} needs a whole number from 1 to {max}, not '{text}'.";
        return 0;
    }
}
