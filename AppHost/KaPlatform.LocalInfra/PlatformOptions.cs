namespace KaPlatform.LocalInfra;

public sealed class PlatformOptions
{
    /// <summary>Holds PostgreSQL's and RabbitMQ's data, logs and endpoints.json.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>HMAC key every process validates tokens with.</summary>
    public required string SigningKey { get; init; }

    /// <summary>0 picks a free port.</summary>
    public int GatewayPort { get; init; }

    /// <summary>fsync off and friends: for tests only, never for the AppHost.</summary>
    public bool FastStorage { get; init; }

    public bool DevTokens { get; init; } = true;

    /// <summary>An admin connection string to an existing PostgreSQL (ConnectionStrings__postgres); none starts our own.</summary>
    public string? ExternalPostgres { get; init; }

    /// <summary>
    /// Put before each service's database name (accountsdb → {prefix}accountsdb), so several platforms can share one
    /// PostgreSQL server — the test run starts one server for every test assembly. Services still see
    /// ConnectionStrings__accountsdb; only the database they connect to differs.
    /// </summary>
    public string DatabaseNamePrefix { get; init; } = "";

    /// <summary>An amqp:// URI of an existing RabbitMQ (ConnectionStrings__eventbus); none starts our own.</summary>
    public string? ExternalEventBus { get; init; }

    /// <summary>Receives every output line of every process, with the process name.</summary>
    public Action<string, string> Output { get; init; } = (_, _) => { };

    /// <summary>Extra variables for every process (e.g. rate limits in tests).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
