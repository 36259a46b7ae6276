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
          --scenario S        all | bulk | gateway | events | won | accounts | forecast | aging | revenue,
                              or several of them separated by commas (run in the order of "all")
                              (default all: bulk, gateway, events, won, accounts, forecast, aging, revenue in that order).
          --duration N        Seconds per measured phase (default 10).
          --accounts N        Rows the bulk scenario COPYs into accounts (default 100000).
          --workers N         Concurrent workers of the closed-loop gateway phase (default 32).
          --rate N            Accounts POSTed per second in the events scenario (default 50);
                              OpportunityWon events per second in the won scenario (default 200).
          --stakeholders N    Stakeholders the accounts scenario COPYs (default 1000000; one account holds 500 of them).
          --interactions N    Interactions the accounts scenario COPYs (default 1000000).
          --opportunities N   Opportunities the forecast scenario COPYs (default 1000000).
          --milestones N      Payment milestones the aging scenario COPYs (default 200000).
          --scale F           Multiplies every row count above (and --accounts), e.g. 0.1 for a quick run (default 1).
          --requests N        Measured requests per endpoint in accounts/forecast/aging (default 200).
          --warmup N          Unmeasured warm-up requests before them (default 20).
          --concurrency N     Requests in flight at once in those series (default 1: sequential).
          --platform DIR      Use the running platform whose AppHost data directory is DIR (endpoints.json and
                              secrets.json); default: start a platform of our own in /tmp.
          --idle N            Seconds the platform is left idle after start, its RSS read every 5 s, before any
                              scenario (default 120; 0 reads it once, 3 s after healthy). The idle goal holds
                              the highest reading: start-up work and tiering go on for minutes after healthy.
          --keep-data         Keep the data directory of a self-started platform (default: deleted after a clean run).
          --data DIR          Start our own platform on DIR, a data directory kept by an earlier --keep-data run
                              (the scale scenarios then measure its data instead of seeding again); DIR is kept.
          -h, --help          Show this text.

        """;

    public string Scenario { get; private set; } = "all";
    public int DurationSeconds { get; private set; } = 10;
    public int Accounts => Scaled(accounts);
    public int Stakeholders => Scaled(stakeholders);
    public int Interactions => Scaled(interactions);
    public int Opportunities => Scaled(opportunities);
    public int Milestones => Scaled(milestones);
    public double Scale { get; private set; } = 1.0;
    public int Requests { get; private set; } = 200;
    public int WarmupRequests { get; private set; } = 20;
    public int Concurrency { get; private set; } = 1;
    public int Workers { get; private set; } = 32;
    public int EventRate { get; private set; } = 50;

    /// <summary>Issue 18's events-at-load rate (200/s) unless --rate says otherwise.</summary>
    public int WonRate => rateGiven ? EventRate : 200;

    private bool rateGiven;
    public string? PlatformDirectory { get; private set; }
    public bool KeepData { get; private set; }

    /// <summary>--idle: seconds of idle RSS readings after start (0: one reading 3 s after healthy).</summary>
    public int IdleSeconds { get; private set; } = 120;

    /// <summary>--data: an existing data directory for a self-started platform (kept afterwards).</summary>
    public string? DataDirectory { get; private set; }
    public bool ShowHelp { get; private set; }

    private int accounts = 100_000;
    private int stakeholders = 1_000_000;
    private int interactions = 1_000_000;
    private int opportunities = 1_000_000;
    private int milestones = 200_000;

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
                    if (scenario is not null && scenario.Split(',').All(s => s is "all" or "bulk" or "gateway" or "events" or "won" or "accounts" or "forecast" or "aging" or "revenue"))
                    {
                        parsed.Scenario = scenario;
                    }
                    else
                    {
                        error = $"--scenario takes all, bulk, gateway, events, won, accounts, forecast, aging or revenue, not '{scenario}'.";
                    }

                    break;
                case "--duration":
                    parsed.DurationSeconds = Positive(name, Value(), 3600, ref error);
                    break;
                case "--accounts":
                    parsed.accounts = Positive(name, Value(), 10_000_000, ref error);
                    break;
                case "--stakeholders":
                    parsed.stakeholders = Positive(name, Value(), 100_000_000, ref error);
                    break;
                case "--interactions":
                    parsed.interactions = Positive(name, Value(), 100_000_000, ref error);
                    break;
                case "--opportunities":
                    parsed.opportunities = Positive(name, Value(), 100_000_000, ref error);
                    break;
                case "--milestones":
                    parsed.milestones = Positive(name, Value(), 100_000_000, ref error);
                    break;
                case "--scale":
                    var scaleText = Value();
                    if (double.TryParse(scaleText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var scale) && scale > 0 && scale <= 10)
                    {
                        parsed.Scale = scale;
                    }
                    else
                    {
                        error = $"--scale needs a number above 0 and at most 10, not '{scaleText}'.";
                    }

                    break;
                case "--requests":
                    parsed.Requests = Positive(name, Value(), 1_000_000, ref error);
                    break;
                case "--warmup":
                    parsed.WarmupRequests = NonNegative(name, Value(), 1_000_000, ref error);
                    break;
                case "--concurrency":
                    parsed.Concurrency = Positive(name, Value(), 256, ref error);
                    break;
                case "--workers":
                    parsed.Workers = Positive(name, Value(), 4096, ref error);
                    break;
                case "--rate":
                    parsed.EventRate = Positive(name, Value(), 10_000, ref error);
                    parsed.rateGiven = true;
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
                case "--idle":
                    parsed.IdleSeconds = NonNegative("--idle", Value(), 3600, ref error);
                    break;
                case "--data":
                    parsed.DataDirectory = Value() is { Length: > 0 } data && Directory.Exists(data) ? Path.GetFullPath(data) : null;
                    parsed.KeepData = true;
                    if (parsed.DataDirectory is null)
                    {
                        error = "--data needs an existing data directory of an earlier --keep-data run.";
                    }

                    break;
                default:
                    error = $"Unknown option '{args[i]}'.";
                    break;
            }
        }

        options = error is null ? parsed : null;
        return options is not null;
    }

    public bool Runs(string scenario) => Scenario.Split(',').Any(s => s == "all" || s == scenario);

    /// <summary>A row count times --scale, at least 1.</summary>
    private int Scaled(int count) => Math.Max(1, (int)Math.Round(count * Scale));

    private static int NonNegative(string name, string? text, int max, ref string? error) =>
        WholeNumber(name, text, 0, max, ref error);

    private static int Positive(string name, string? text, int max, ref string? error) =>
        WholeNumber(name, text, 1, max, ref error);

    private static int WholeNumber(string name, string? text, int min, int max, ref string? error)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        error = $"{name} needs a whole number from {min} to {max}, not '{text}'.";
        return 0;
    }
}
