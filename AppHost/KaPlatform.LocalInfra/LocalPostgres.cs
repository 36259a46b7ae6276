using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KaPlatform.LocalInfra;

/// <summary>
/// A PostgreSQL cluster in a directory of our own, run in the foreground from the machine's binaries by Aspire's
/// orchestrator (no Docker here). The data directory survives restarts; the port may change, the data does not.
/// </summary>
public sealed class LocalPostgresResource(string name, string command, string root) : ExecutableResource(name, command, root), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    public string Root { get; } = root;
    public string DataDirectory => Path.Combine(Root, "data");
    public EndpointReference Endpoint => new(this, EndpointName);

    /// <summary>Admin connection string (trust authentication, loopback only), on the port postgres itself listens on.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Maximum Pool Size=50");
}

public static class LocalPostgresExtensions
{
    /// <param name="fastStorage">fsync off and friends: for tests only, never for the AppHost.</param>
    /// <param name="extraSettings">More name=value server settings, after ours (a later -c wins).</param>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string root, bool fastStorage = false, IEnumerable<string>? extraSettings = null)
    {
        var binaries = FindBinaries();
        // PostgreSQL refuses to run as root. setpriv execs (same PID, so the orchestrator's SIGTERM reaches postgres
        // itself); runuser would stay in between and SIGKILL its child 2 s after a SIGTERM.
        var resource = new LocalPostgresResource(name, Unix.IsRoot ? "setpriv" : Path.Combine(binaries, "postgres"), root);
        string? connectionString = null;
        var healthKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthKey,
            _ => new ReadyCheck(() => connectionString), failureStatus: null, tags: null));
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(resource, async (_, ct) =>
            connectionString = await resource.ConnectionStringExpression.GetValueAsync(ct));

        return builder.AddResource(resource)
            .WithEndpoint(LocalPostgresResource.EndpointName, e =>
            {
                e.UriScheme = "tcp";
                e.Transport = "tcp";
                FreePort.ListenDirectly(e);
            })
            .WithArgs(context =>
            {
                if (Unix.IsRoot)
                {
                    context.Args.Add("--reuid=postgres");
                    context.Args.Add("--regid=postgres");
                    context.Args.Add("--init-groups");
                    context.Args.Add(Path.Combine(binaries, "postgres"));
                }

                context.Args.Add("-D");
                context.Args.Add(resource.DataDirectory);
                context.Args.Add("-p");
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("-k");
                context.Args.Add(Path.Combine(root, "sock"));
                foreach (var setting in Settings(fastStorage).Concat(extraSettings ?? []))
                {
                    context.Args.Add("-c");
                    context.Args.Add(setting);
                }
            })
            .OnBeforeResourceStarted(async (r, e, ct) =>
                await InitializeAsync(r, binaries, e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(r), ct))
            .WithHealthCheck(healthKey);
    }

    private static IEnumerable<string> Settings(bool fastStorage)
    {
        yield return "listen_addresses=127.0.0.1";
        yield return "max_connections=400";
        if (fastStorage)
        {
            yield return "fsync=off";
            yield return "synchronous_commit=off";
            yield return "full_page_writes=off";
        }
    }

    /// <summary>initdb on first start only: later starts find PG_VERSION and keep their data.</summary>
    private static async Task InitializeAsync(LocalPostgresResource postgres, string binaries, ILogger log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(postgres.Root);
        Directory.CreateDirectory(Path.Combine(postgres.Root, "sock"));
        if (Unix.IsRoot)
        {
            // The postgres user must reach its directories; the data directory's parents may be root's.
            await Unix.RunAsync("chown", ["-R", "postgres:postgres", postgres.Root], cancellationToken);
        }

        if (File.Exists(Path.Combine(postgres.DataDirectory, "PG_VERSION")))
        {
            log.LogInformation("Using the existing cluster in {Directory}", postgres.DataDirectory);
            return;
        }

        log.LogInformation("initdb {Directory}", postgres.DataDirectory);
        string[] initdb = [Path.Combine(binaries, "initdb"), "-D", postgres.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"];
        await (Unix.IsRoot
            ? Unix.RunAsync("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", .. initdb], cancellationToken)
            : Unix.RunAsync(initdb[0], initdb[1..], cancellationToken));
    }

    private static string FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin"))
            : [];
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "postgres")))
            ?? throw new InvalidOperationException("PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: apt-get install postgresql (AppHost/install-prerequisites.sh).");
    }

    /// <summary>Healthy once a query round-trips, not merely once the port accepts connections.</summary>
    private sealed class ReadyCheck(Func<string?> connectionString) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (connectionString() is not { } value)
            {
                return HealthCheckResult.Unhealthy("no connection string yet");
            }

            try
            {
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(value) { Database = "postgres", Pooling = false, Timeout = 3 }.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
            {
                return HealthCheckResult.Unhealthy("not accepting queries yet", ex);
            }
        }
    }
}
