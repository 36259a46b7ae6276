using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace KaPlatform.AppHost;

/// <summary>
/// The AppHost's own settings, section "KaPlatform" (AppHost/run.sh turns its options into these; tests pass them as
/// arguments). Read once, before the model is built, because they decide its shape.
/// </summary>
internal sealed record PlatformSettings
{
    public const string Section = "KaPlatform";

    /// <summary>PostgreSQL's and RabbitMQ's data, the signing key, the seed marker and endpoints.json.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Null: any free port (tests).</summary>
    public int? GatewayPort { get; init; }

    public bool SeedDemo { get; init; }

    /// <summary>POST /api/dev/token on the gateway with shared-key tokens (--dev-tokens; the tests). Off by default.</summary>
    public bool DevTokens { get; init; }

    /// <summary>Auth:Authority given to the AppHost: a real OpenID Connect provider, so the bundled one is not started.</summary>
    public string? ExternalAuthority { get; init; }

    /// <summary>Port of the bundled OpenID Connect provider; fixed in local runs (the issuer must not move), null: any.</summary>
    public int? IdentityPort { get; init; }

    /// <summary>Neither dev tokens nor a provider of one's own: the bundled development provider signs people in.</summary>
    public bool BundledIdentity => !DevTokens && ExternalAuthority is null;
    public bool Reset { get; init; }
    public int Replicas { get; init; }

    /// <summary>Ask for AddPostgres/AddRabbitMQ containers; used only when a container engine answers.</summary>
    public bool Containers { get; init; }

    /// <summary>
    /// Put before each service's database name (accountsdb → {prefix}accountsdb) so several platforms can share one
    /// PostgreSQL server, as the test run does. Services still see ConnectionStrings__accountsdb.
    /// </summary>
    public string DatabasePrefix { get; init; } = "";

    /// <summary>Admin connection string of a PostgreSQL to use instead of starting one (ConnectionStrings__postgres).</summary>
    public string? ExternalPostgres { get; init; }

    /// <summary>amqp:// URI of a RabbitMQ to use instead of starting one (ConnectionStrings__eventbus).</summary>
    public string? ExternalEventBus { get; init; }

    /// <summary>
    /// Extra server settings (name=value, separated by ';') for the PostgreSQL started from the machine's binaries
    /// (KaPlatform:PostgresSettings): e.g. the benchmark's auto_explain, or shared_buffers on a big machine.
    /// </summary>
    public IReadOnlyList<string> PostgresSettings { get; init; } = [];

    /// <summary>
    /// ASPNETCORE_ENVIRONMENT of the services and the gateway (KaPlatform:ServiceEnvironment). A Release AppHost runs
    /// them as Production, as a deployment does: the Development host validates every scoped resolution and loads user
    /// secrets, which the platform does not use and the benchmarks should not measure (issue 18). `run.sh --debug` (a
    /// Debug AppHost) keeps Development.
    /// </summary>
    public string ServiceEnvironment { get; init; } = DefaultServiceEnvironment;

#if DEBUG
    private const string DefaultServiceEnvironment = "Development";
#else
    private const string DefaultServiceEnvironment = "Production";
#endif

    public static PlatformSettings Read(IConfiguration configuration, string appHostDirectory)
    {
        var section = configuration.GetSection(Section);
        var seed = section["Seed"] ?? "demo";
        if (seed is not ("demo" or "none"))
        {
            throw new ArgumentException($"{Section}:Seed (--seed) takes 'demo' or 'none', not '{seed}'.");
        }

        var replicas = Number(section, "Replicas") ?? 1;
        if (replicas is < 1 or > 8)
        {
            throw new ArgumentException($"{Section}:Replicas (--replicas) takes 1 to 8, not {replicas}.");
        }

        var port = Number(section, "GatewayPort") ?? 8080;
        var devTokens = Flag(section, "DevTokens", false);
        var authority = NonEmpty(configuration["Auth:Authority"]);
        if (devTokens && authority is not null)
        {
            throw new ArgumentException("--dev-tokens and Auth__Authority exclude each other: dev tokens are shared-key tokens, an Authority's are the provider's.");
        }

        var identityPort = Number(section, "IdentityPort") ?? 0;
        return new PlatformSettings
        {
            DataDirectory = Path.GetFullPath(section["DataDirectory"] is { Length: > 0 } data
                ? data
                : Path.Combine(appHostDirectory, "..", "..", ".ka")),
            GatewayPort = port == 0 ? null : port,
            SeedDemo = seed == "demo",
            DevTokens = devTokens,
            ExternalAuthority = authority,
            IdentityPort = identityPort == 0 ? null : identityPort,
            Reset = Flag(section, "Reset", false),
            Replicas = replicas,
            Containers = Flag(section, "Containers", false),
            DatabasePrefix = section["DatabasePrefix"] ?? "",
            ExternalPostgres = NonEmpty(configuration.GetConnectionString("postgres")),
            ExternalEventBus = NonEmpty(configuration.GetConnectionString("eventbus")),
            PostgresSettings = PostgresSettingList(section["PostgresSettings"]),
            ServiceEnvironment = NonEmpty(section["ServiceEnvironment"]) ?? DefaultServiceEnvironment,
        };
    }

    private static int? Number(IConfiguration section, string key) =>
        section[key] is not { Length: > 0 } text ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= 65535 ? value
        : throw new ArgumentException($"{Section}:{key} must be a number, not '{text}'.");

    private static bool Flag(IConfiguration section, string key, bool otherwise) =>
        section[key] is not { Length: > 0 } text ? otherwise
        : bool.TryParse(text, out var value) ? value
        : throw new ArgumentException($"{Section}:{key} must be true or false, not '{text}'.");

    private static string[] PostgresSettingList(string? text)
    {
        var settings = (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return settings.FirstOrDefault(s => s.IndexOf('=', StringComparison.Ordinal) < 1) is { } bad
            ? throw new ArgumentException($"{Section}:PostgresSettings takes name=value pairs separated by ';', not '{bad}'.")
            : settings;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
