using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using KaPlatform.LocalInfra;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KaPlatform.Benchmarks;

/// <summary>
/// The platform under measurement: one this run started through the AppHost (and stops again), or a running
/// AppHost's, found through its data directory. Either way only loopback addresses are accepted.
/// </summary>
internal sealed class PlatformSession : IAsyncDisposable
{
    /// <summary>The AppHost keeps its signing key here (AppHost/KaPlatform.AppHost/Secrets.cs): { "signingKey": "..." }.</summary>
    private const string SecretsFileName = "secrets.json";

    private readonly StreamWriter? log;
    private readonly Lock logGate;
    private readonly ConcurrentDictionary<string, ResourceEvent> instances = new();
    private readonly CancellationTokenSource watching = new();

    private PlatformSession(PlatformEndpoints endpoints, string signingKey, string dataDirectory, DistributedApplication? app, StreamWriter? log, Lock logGate)
    {
        Endpoints = endpoints;
        SigningKey = signingKey;
        DataDirectory = dataDirectory;
        App = app;
        this.log = log;
        this.logGate = logGate;
        if (app is not null)
        {
            _ = WatchInstancesAsync(app);
        }
    }

    /// <summary>The latest state of every instance (one per replica): where the PIDs come from.</summary>
    private async Task WatchInstancesAsync(DistributedApplication app)
    {
        try
        {
            await foreach (var update in app.ResourceNotifications.WatchAsync(watching.Token))
            {
                instances[update.ResourceId] = update;
            }
        }
        catch (OperationCanceledException)
        {
            // disposing
        }
    }

    public PlatformEndpoints Endpoints { get; }
    public string SigningKey { get; }
    public string DataDirectory { get; }

    /// <summary>Null when attached to a platform this run did not start.</summary>
    public DistributedApplication? App { get; private set; }

    public bool SelfStarted => App is not null;
    public TimeSpan? StartToHealthy { get; private init; }
    public string? LogPath { get; private init; }

    /// <summary>PostgreSQL's log with auto_explain's plans; only for a platform started here.</summary>
    public string? PlanLogPath { get; private init; }

    /// <summary>Highest RSS of each process while idle after start, recorded by <see cref="RecordIdleMemoryAsync"/>.</summary>
    public Dictionary<string, long> IdleResidentBytes { get; } = new();

    /// <summary>The same with the `dotnet run` launcher added (the whole process tree).</summary>
    public Dictionary<string, long> IdleTreeBytes { get; } = new();

    public string AccountsApi => Endpoints.Services[PlatformLayout.Accounts.Name];
    public string Gateway => Endpoints.Gateway;
    public string Database(ServiceDefinition service) => Endpoints.Databases[service.Database!];

    /// <summary>
    /// Starts the real AppHost (Aspire.Hosting.Testing) on a data directory of its own: PostgreSQL, RabbitMQ, the
    /// services and the gateway with real durability (fsync on), the gateway's rate limiter opened wide (it would
    /// otherwise measure itself), every resource's output to a log file in the data dir.
    /// </summary>
    public static async Task<PlatformSession> StartAsync(TextWriter console, CancellationToken cancellationToken, string? existingData = null)
    {
        var data = existingData ?? Path.Combine(Path.GetTempPath(), $"kaplatform-bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        Directory.CreateDirectory(data);
        // A reused directory still has the last run's endpoints (other ports): the AppHost writes new ones when healthy.
        File.Delete(Path.Combine(data, PlatformEndpoints.FileName));
        var logPath = Path.Combine(data, "platform.log");
        var log = new StreamWriter(logPath, append: true, Encoding.UTF8) { AutoFlush = true };
        var gate = new Lock();

        console.WriteLine($"Starting a platform of our own through the AppHost in {data} (fsync on)");
        console.WriteLine($"  resource output: {logPath}");
        var clock = Stopwatch.StartNew();
        DistributedApplication app;
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.KaPlatform_AppHost>(
            [
                $"--KaPlatform:DataDirectory={data}", "--KaPlatform:GatewayPort=0", "--KaPlatform:Seed=none",
                // Shared-key mode: the benchmark signs its own tokens with the data directory's key (no provider in the loop).
                "--KaPlatform:DevTokens=true",
                "--Gateway:RateLimit:PermitsPerSecond=1000000", "--Gateway:RateLimit:Burst=1000000",
                // Plans of slow statements into the server log, for the series that miss their goal; commit times, so
                // the won scenario reads when each contract became readable instead of polling for it.
                $"--KaPlatform:PostgresSettings={PlanLog.ServerSettings};{CommitLatency.ServerSetting}",
            ], cancellationToken);
            // Every resource line to platform.log only: the testing builder also logs to the console, which buried the figures.
            builder.Services.AddLogging(l => l.ClearProviders().AddProvider(new LineLogger(line => Append(log, gate, line))));
            app = await builder.BuildAsync(cancellationToken);
            await app.StartAsync(cancellationToken);
            await app.ResourceNotifications.WaitForResourceHealthyAsync(PlatformLayout.Gateway.Name, cancellationToken);
        }
        catch
        {
            // The log stays for the post-mortem.
            await log.DisposeAsync();
            throw;
        }

        var started = clock.Elapsed;
        // The AppHost writes endpoints.json once the gateway is healthy: read it as an attached run would.
        var endpoints = await WaitForEndpointsAsync(data, cancellationToken);
        var signingKey = ReadSigningKey(data);
        var session = new PlatformSession(endpoints, signingKey, data, app, log, gate) { StartToHealthy = started, LogPath = logPath, PlanLogPath = PlanLog.PathIn(data) };
        try
        {
            RequireLoopback(endpoints);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }

        return session;
    }

    /// <summary>A running AppHost's platform: its endpoints.json, and the signing key from its secrets.json.</summary>
    public static PlatformSession Attach(string dataDirectory, TextWriter console)
    {
        if (!File.Exists(Path.Combine(dataDirectory, PlatformEndpoints.FileName)))
        {
            throw new InvalidOperationException($"No {PlatformEndpoints.FileName} in {dataDirectory}: is an AppHost running on that data directory?");
        }

        var endpoints = PlatformEndpoints.Read(dataDirectory);
        RequireLoopback(endpoints);
        var key = ReadSigningKey(dataDirectory);
        console.WriteLine($"Using the running platform of {dataDirectory} (gateway {endpoints.Gateway})");
        console.WriteLine("  Its gateway keeps the AppHost's rate limit (100/s per caller by default): throttled answers (429) are");
        console.WriteLine("  counted as errors, not throughput. Start-to-healthy time and RSS are only measured on self-started platforms.");
        return new PlatformSession(endpoints, key, dataDirectory, null, null, new Lock());
    }

    /// <summary>The platform's processes (each instance of each project resource), while this run owns the platform.</summary>
    public IReadOnlyList<PlatformProcess> Processes() =>
        [.. Running<ProjectResource>().Select(r => new PlatformProcess(r.Name, r.ProcessId))];

    /// <summary>The message broker's process tree (its `bash` launcher, the Erlang VM and epmd), if it runs.</summary>
    public PlatformProcess? Broker() =>
        Running<LocalRabbitMqResource>().Select(r => new PlatformProcess("rabbitmq", r.ProcessId, WholeTree: true)).FirstOrDefault();

    /// <summary>Each running instance of a resource type with the PID the orchestrator reports, while this run owns the platform.</summary>
    private IEnumerable<(string Name, int ProcessId)> Running<TResource>() where TResource : IResource =>
        App is null
            ? []
            : instances.Values
                .Where(e => e.Resource is TResource && e.Snapshot.State?.Text == KnownResourceStates.Running)
                .Select(e => (e.Resource.Name, Pid: e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value))
                .Where(e => e.Pid is not null)
                .Select(e => (e.Name, Convert.ToInt32(e.Pid, System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>RSS of each process 3 s after healthy (what earlier runs reported as idle).</summary>
    public Dictionary<string, long> FirstIdleResidentBytes { get; } = new();

    /// <summary>
    /// The "idles below 150 MB" figure: RSS of every process 3 s after healthy and then every 5 s for
    /// <paramref name="window"/>, before any load; the highest reading per process counts. A service keeps compiling
    /// (tiering) and its background work keeps allocating for minutes after it reports healthy, so one early reading
    /// flattered it (success-api 146.7–150.5 MB at 3 s, 159.1–163.1 MB at its highest in the next two minutes on an idle
    /// platform; docs/benchmarks/2026-12-04.md §6.1).
    /// </summary>
    public async Task RecordIdleMemoryAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        if (App is null)
        {
            return;
        }

        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var readings = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            foreach (var process in Processes())
            {
                var service = process.ServiceBytes();
                if (readings == 0)
                {
                    FirstIdleResidentBytes[process.Name] = service;
                }

                if (service > IdleResidentBytes.GetValueOrDefault(process.Name))
                {
                    IdleResidentBytes[process.Name] = service;
                    IdleTreeBytes[process.Name] = process.ResidentBytes();
                }
            }

            readings++;
            if (clock.Elapsed >= window)
            {
                break;
            }

            await Task.Delay(IdleReadingInterval, cancellationToken);
        }

        IdleReadings = readings;
    }

    /// <summary>Time between the idle readings of <see cref="RecordIdleMemoryAsync"/>.</summary>
    public static readonly TimeSpan IdleReadingInterval = TimeSpan.FromSeconds(5);

    /// <summary>How many idle readings <see cref="IdleResidentBytes"/> is the highest of.</summary>
    public int IdleReadings { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await watching.CancelAsync();
        if (App is not null)
        {
            var app = App;
            App = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (log is not null)
        {
            lock (logGate)
            {
                log.Dispose();
            }
        }
    }

    private static async Task<PlatformEndpoints> WaitForEndpointsAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var file = Path.Combine(dataDirectory, PlatformEndpoints.FileName);
        for (var i = 0; i < 300 && !File.Exists(file); i++)
        {
            await Task.Delay(100, cancellationToken);
        }

        return PlatformEndpoints.Read(dataDirectory);
    }

    private static string ReadSigningKey(string dataDirectory)
    {
        var secrets = Path.Combine(dataDirectory, SecretsFileName);
        if (!File.Exists(secrets))
        {
            throw new InvalidOperationException(
                $"No {SecretsFileName} in {dataDirectory}: without the platform's signing key the benchmark cannot sign tokens. " +
                "Only AppHost data directories have one; otherwise run without --platform to start a platform of our own.");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(secrets));
        var key = document.RootElement.EnumerateObject()
            .FirstOrDefault(p => p.Name.Equals("signingKey", StringComparison.OrdinalIgnoreCase)).Value;
        if (key.ValueKind != JsonValueKind.String || Encoding.UTF8.GetByteCount(key.GetString()!) < 32)
        {
            throw new InvalidOperationException($"{secrets} holds no signingKey of at least 32 bytes.");
        }

        return key.GetString()!;
    }

    /// <summary>A late line of a stopping process must not crash the run once the log is closed.</summary>
    private static void Append(StreamWriter log, Lock gate, string line)
    {
        lock (gate)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // closed: the platform is stopping
            }
        }
    }

    private static void RequireLoopback(PlatformEndpoints endpoints)
    {
        foreach (var url in endpoints.Services.Values.Append(endpoints.Gateway))
        {
            var host = new Uri(url).Host;
            if (!IsLoopback(host))
            {
                throw new InvalidOperationException($"Refusing to load {url}: the benchmark only targets 127.0.0.1.");
            }
        }

        foreach (var connectionString in endpoints.Databases.Values)
        {
            var host = new NpgsqlConnectionStringBuilder(connectionString).Host ?? "";
            if (!IsLoopback(host))
            {
                throw new InvalidOperationException($"Refusing to write to PostgreSQL at {host}: the benchmark only targets 127.0.0.1.");
            }
        }
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
