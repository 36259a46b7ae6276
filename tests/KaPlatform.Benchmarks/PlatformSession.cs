using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KaPlatform.LocalInfra;
using Npgsql;

namespace KaPlatform.Benchmarks;

/// <summary>
/// The platform under measurement: one this run started with <see cref="LocalPlatform"/> (and stops again), or a
/// running AppHost's, found through its data directory. Either way only loopback addresses are accepted.
/// </summary>
internal sealed class PlatformSession : IAsyncDisposable
{
    /// <summary>The AppHost keeps its signing key here (AppHost/KaPlatform.AppHost/Secrets.cs): { "signingKey": "..." }.</summary>
    private const string SecretsFileName = "secrets.json";

    private readonly StreamWriter? log;
    private readonly Lock logGate;

    private PlatformSession(PlatformEndpoints endpoints, string signingKey, string dataDirectory, LocalPlatform? platform, StreamWriter? log, Lock logGate)
    {
        Endpoints = endpoints;
        SigningKey = signingKey;
        DataDirectory = dataDirectory;
        Platform = platform;
        this.log = log;
        this.logGate = logGate;
    }

    public PlatformEndpoints Endpoints { get; }
    public string SigningKey { get; }
    public string DataDirectory { get; }

    /// <summary>Null when attached to a platform this run did not start.</summary>
    public LocalPlatform? Platform { get; private set; }

    public bool SelfStarted => Platform is not null;
    public TimeSpan? StartToHealthy { get; private init; }
    public string? LogPath { get; private init; }

    /// <summary>RSS of each process right after start (idle), recorded by <see cref="RecordIdleMemoryAsync"/>.</summary>
    public Dictionary<string, long> IdleResidentBytes { get; } = new();

    public string AccountsApi => Endpoints.Services[PlatformLayout.Accounts.Name];
    public string Gateway => Endpoints.Gateway;
    public string Database(ServiceDefinition service) => Endpoints.Databases[service.Database!];

    /// <summary>
    /// Starts PostgreSQL, RabbitMQ, the services and the gateway with real durability (fsync on), the gateway's rate
    /// limiter opened wide (it would otherwise measure itself), all process output to a log file in the data dir.
    /// </summary>
    public static async Task<PlatformSession> StartAsync(TextWriter console, CancellationToken cancellationToken)
    {
        var data = Path.Combine(Path.GetTempPath(), $"kaplatform-bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        Directory.CreateDirectory(data);
        var logPath = Path.Combine(data, "platform.log");
        var log = new StreamWriter(logPath, append: true, Encoding.UTF8) { AutoFlush = true };
        var gate = new Lock();
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

        console.WriteLine($"Starting a platform of our own in {data} (FastStorage off: fsync on)");
        console.WriteLine($"  builds: {Path.GetDirectoryName(PlatformLayout.AssemblyPath(PlatformLayout.Accounts))} (and the same configuration for the others)");
        console.WriteLine($"  process output: {logPath}");

        var clock = Stopwatch.StartNew();
        LocalPlatform platform;
        try
        {
            platform = await LocalPlatform.StartAsync(new PlatformOptions
            {
                DataDirectory = data,
                SigningKey = signingKey,
                FastStorage = false,
                DevTokens = false,
                Output = (name, line) => Append(log, gate, $"[{name}] {line}"),
                Environment = new Dictionary<string, string>
                {
                    ["Gateway__RateLimit__PermitsPerSecond"] = "1000000",
                    ["Gateway__RateLimit__Burst"] = "1000000",
                },
            }, cancellationToken);
        }
        catch
        {
            // LocalPlatform has already stopped whatever it had started; the log stays for the post-mortem.
            await log.DisposeAsync();
            throw;
        }

        var started = clock.Elapsed;
        var session = new PlatformSession(platform.Endpoints, signingKey, data, platform, log, gate) { StartToHealthy = started, LogPath = logPath };
        try
        {
            RequireLoopback(platform.Endpoints);
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

        console.WriteLine($"Using the running platform of {dataDirectory} (gateway {endpoints.Gateway})");
        console.WriteLine("  Its gateway keeps the AppHost's rate limit (100/s per caller by default): throttled answers (429) are");
        console.WriteLine("  counted as errors, not throughput. Start-to-healthy time and RSS are only measured on self-started platforms.");
        return new PlatformSession(endpoints, key.GetString()!, dataDirectory, null, null, new Lock());
    }

    /// <summary>RSS of every process after a short settle, before any load: the "idles under 200 MB" figure.</summary>
    public async Task RecordIdleMemoryAsync(CancellationToken cancellationToken)
    {
        if (Platform is null)
        {
            return;
        }

        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        foreach (var process in Platform.Processes)
        {
            IdleResidentBytes[process.Name] = SafeResidentBytes(process);
        }
    }

    public static long SafeResidentBytes(ServiceProcess process)
    {
        try
        {
            return process.HasExited ? 0 : process.ResidentBytes();
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Platform is not null)
        {
            var platform = Platform;
            Platform = null;
            await platform.DisposeAsync();
        }

        if (log is not null)
        {
            lock (logGate)
            {
                log.Dispose();
            }
        }
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
