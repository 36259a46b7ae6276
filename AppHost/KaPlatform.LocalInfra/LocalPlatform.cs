using Npgsql;

namespace KaPlatform.LocalInfra;

/// <summary>
/// The whole platform on this machine: PostgreSQL and RabbitMQ (ours or external), one database per service, the
/// four services and the gateway, each handed Aspire-style variables so a real Aspire AppHost could replace this.
/// </summary>
public sealed class LocalPlatform : IAsyncDisposable
{
    private readonly PlatformOptions options;
    private readonly Dictionary<string, ServiceProcess> processes = new();
    private readonly Dictionary<string, string> urls = new();

    private LocalPlatform(PlatformOptions options) => this.options = options;

    public PostgresServer? Postgres { get; private set; }
    public RabbitMqServer? Broker { get; private set; }
    public string PostgresConnectionString { get; private set; } = "";
    public string EventBusConnectionString { get; private set; } = "";
    public PlatformEndpoints Endpoints { get; private set; } = null!;

    public ServiceProcess this[string name] => processes[name];
    public IEnumerable<ServiceProcess> Processes => processes.Values;

    public static async Task<LocalPlatform> StartAsync(PlatformOptions options, CancellationToken cancellationToken = default)
    {
        var platform = new LocalPlatform(options);
        try
        {
            await platform.StartInfrastructureAsync(cancellationToken);
            await platform.StartProcessesAsync(cancellationToken);
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    /// <summary>The connection string for a service's database, by the name the service knows it under.</summary>
    public string DatabaseConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = options.DatabaseNamePrefix + database }.ConnectionString;

    /// <summary>The variables a process gets, as an Aspire AppHost would hand them over.</summary>
    public Dictionary<string, string> EnvironmentFor(ServiceDefinition service)
    {
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__eventbus"] = EventBusConnectionString,
            ["Auth__SigningKey"] = options.SigningKey,
            ["Auth__DevTokens"] = (options.DevTokens && service == PlatformLayout.Gateway).ToString().ToLowerInvariant(),
        };
        if (service.Database is not null)
        {
            env[$"ConnectionStrings__{service.Database}"] = DatabaseConnectionString(service.Database);
        }

        foreach (var (name, url) in urls.Where(u => u.Key != service.Name))
        {
            env[$"services__{name}__http__0"] = url;
        }

        var otlp = System.Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (!string.IsNullOrEmpty(otlp))
        {
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
        }

        foreach (var (key, value) in options.Environment)
        {
            env[key] = value;
        }

        return env;
    }

    /// <summary>Starts (or starts again, on the same URL) one process and waits for its /health.</summary>
    public async Task<ServiceProcess> StartAsync(ServiceDefinition service, IReadOnlyDictionary<string, string>? overrides = null, CancellationToken cancellationToken = default)
    {
        if (processes.TryGetValue(service.Name, out var running) && !running.HasExited)
        {
            throw new InvalidOperationException($"{service.Name} is already running");
        }

        var env = EnvironmentFor(service);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var process = ServiceProcess.Start(service, urls[service.Name], env, options.Output);
        processes[service.Name] = process;
        await process.WaitHealthyAsync(options.HealthTimeout, cancellationToken);
        return process;
    }

    private async Task StartInfrastructureAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var postgres = options.ExternalPostgres is null
            ? PostgresServer.StartAsync(Path.Combine(options.DataDirectory, "postgres"), FreePort.Next(), options.FastStorage, cancellationToken)
            : Task.FromResult<PostgresServer>(null!);
        var broker = options.ExternalEventBus is null
            ? RabbitMqServer.StartAsync(Path.Combine(options.DataDirectory, "rabbitmq"), FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next(), cancellationToken)
            : Task.FromResult<RabbitMqServer>(null!);

        // Both awaited before either is kept: if one fails, the other, if started, must still be stopped by DisposeAsync.
        try
        {
            await Task.WhenAll(postgres, broker);
        }
        finally
        {
            Postgres = postgres.IsCompletedSuccessfully ? postgres.Result : null;
            Broker = broker.IsCompletedSuccessfully ? broker.Result : null;
        }

        PostgresConnectionString = options.ExternalPostgres ?? Postgres!.ConnectionString();
        EventBusConnectionString = options.ExternalEventBus ?? Broker!.ConnectionString();

        await using var admin = new NpgsqlConnection(PostgresConnectionString);
        await admin.OpenAsync(cancellationToken);
        foreach (var database in PlatformLayout.Services.Select(s => options.DatabaseNamePrefix + s.Database!))
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", admin) { Parameters = { new() { Value = database } } };
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        foreach (var service in PlatformLayout.Services)
        {
            urls[service.Name] = $"http://127.0.0.1:{FreePort.Next()}";
        }

        urls[PlatformLayout.Gateway.Name] = $"http://127.0.0.1:{(options.GatewayPort == 0 ? FreePort.Next() : options.GatewayPort)}";

        // Services start side by side (each runs its migrations under its own lock); the gateway last, so its
        // first /health already sees them.
        await Task.WhenAll(PlatformLayout.Services.Select(s => StartAsync(s, cancellationToken: cancellationToken)));
        await StartAsync(PlatformLayout.Gateway, cancellationToken: cancellationToken);

        Endpoints = new PlatformEndpoints(
            urls[PlatformLayout.Gateway.Name],
            PlatformLayout.Services.ToDictionary(s => s.Name, s => urls[s.Name]),
            PostgresConnectionString,
            PlatformLayout.Services.ToDictionary(s => s.Database!, s => DatabaseConnectionString(s.Database!)),
            EventBusConnectionString,
            Broker?.ManagementUrl);
        Endpoints.Write(options.DataDirectory);
    }

    /// <summary>Stops what this platform started, and nothing else: gateway first, infrastructure last.</summary>
    public async ValueTask DisposeAsync()
    {
        if (processes.TryGetValue(PlatformLayout.Gateway.Name, out var gateway))
        {
            await gateway.DisposeAsync();
        }

        await Task.WhenAll(processes.Values.Where(p => p != gateway).Select(p => p.DisposeAsync().AsTask()));
        if (Broker is not null)
        {
            await Broker.DisposeAsync();
        }

        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }
    }
}
