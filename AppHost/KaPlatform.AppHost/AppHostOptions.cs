using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using KaPlatform.LocalInfra;

namespace KaPlatform.AppHost;

internal enum SeedMode
{
    Demo,
    None,
}

/// <summary>The command line. Hand-parsed: a handful of flags does not justify a package.</summary>
internal sealed class AppHostOptions
{
    public const string Usage = """
        Usage: dotnet run --project AppHost/KaPlatform.AppHost -- [options]
               AppHost/run.sh [options]

        Starts PostgreSQL, RabbitMQ, the four services and the gateway on this machine.

        Options:
          --gateway-port N     Port of the gateway on 127.0.0.1 (default 8080; 0 picks a free one).
          --data DIR           Data directory (default .ka/ at the repository root). Survives restarts.
          --reset              Delete everything in the data directory first.
          --seed demo|none     Create demo users' accounts through the gateway on first run (default demo).
          --dev-tokens         Offer POST /api/dev/token on the gateway (default for local runs).
          --no-dev-tokens      Do not; tokens must then come from a real identity provider.
          -h, --help           Show this text.

        Environment:
          ConnectionStrings__postgres   Use this PostgreSQL (admin connection string) instead of starting one.
          ConnectionStrings__eventbus   Use this RabbitMQ (amqp://user:pass@host:port) instead of starting one.

        Exit codes: 0 stopped cleanly, 1 startup failed or unclean stop, 2 bad arguments, 3 data directory in use.

        """;

    public int GatewayPort { get; private set; } = 8080;
    public string DataDirectory { get; private set; } = "";
    public bool Reset { get; private set; }
    public SeedMode Seed { get; private set; } = SeedMode.Demo;
    public bool DevTokens { get; private set; } = true;
    public bool ShowHelp { get; private set; }
    public string? ExternalPostgres { get; private init; }
    public string? ExternalEventBus { get; private init; }

    public static bool TryParse(string[] args, [NotNullWhen(true)] out AppHostOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = new AppHostOptions
        {
            ExternalPostgres = NonEmpty(Environment.GetEnvironmentVariable("ConnectionStrings__postgres")),
            ExternalEventBus = NonEmpty(Environment.GetEnvironmentVariable("ConnectionStrings__eventbus")),
        };
        string? data = null;
        error = null;
        for (var i = 0; i < args.Length && error is null; i++)
        {
            // Both "--data dir" and "--data=dir", as people type either.
            var (name, inline) = args[i].IndexOf('=') is var eq and > 0 && args[i].StartsWith("--", StringComparison.Ordinal)
                ? (args[i][..eq], args[i][(eq + 1)..])
                : (args[i], null);
            string? Value() => inline ?? (i + 1 < args.Length ? args[++i] : null);

            switch (name)
            {
                case "-h" or "--help":
                    options.ShowHelp = true;
                    break;
                case "--gateway-port":
                    var port = Value();
                    if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
                    {
                        error = $"--gateway-port needs a port number from 0 to 65535, not '{port}'.";
                    }

                    options.GatewayPort = number;
                    break;
                case "--data":
                    data = Value();
                    if (string.IsNullOrWhiteSpace(data))
                    {
                        error = "--data needs a directory.";
                    }

                    break;
                case "--reset":
                    options.Reset = true;
                    break;
                case "--seed":
                    var seed = Value();
                    if (seed is "demo" or "none")
                    {
                        options.Seed = seed == "demo" ? SeedMode.Demo : SeedMode.None;
                    }
                    else
                    {
                        error = $"--seed takes 'demo' or 'none', not '{seed}'.";
                    }

                    break;
                case "--dev-tokens":
                    options.DevTokens = true;
                    break;
                case "--no-dev-tokens":
                    options.DevTokens = false;
                    break;
                default:
                    error = $"Unknown option '{args[i]}'.";
                    break;
            }
        }

        if (error is not null)
        {
            options = null;
            return false;
        }

        // Resolved only when needed: --help must work even outside a checkout.
        if (!options.ShowHelp)
        {
            options.DataDirectory = Path.GetFullPath(data ?? Path.Combine(PlatformLayout.RepositoryRoot(), ".ka"));
        }

        return true;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
