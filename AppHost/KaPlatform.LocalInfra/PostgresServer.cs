using Npgsql;

namespace KaPlatform.LocalInfra;

/// <summary>
/// A PostgreSQL cluster in a directory of our own, started with the machine's binaries (no Docker here).
/// <see cref="Fast"/> trades durability for speed and is for tests only; the AppHost keeps fsync on.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string dataDir;
    private readonly string binDir;

    private PostgresServer(string dataDir, string binDir, int port)
    {
        this.dataDir = dataDir;
        this.binDir = binDir;
        Port = port;
    }

    public int Port { get; }
    public bool Fast { get; private init; }

    /// <summary>Admin connection string (trust authentication on loopback only).</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=50";

    public static async Task<PostgresServer> StartAsync(string root, int port, bool fast, CancellationToken cancellationToken = default)
    {
        var binDir = FindBinaries();
        var dataDir = Path.Combine(root, "data");
        var socketDir = Path.Combine(root, "sock");
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(socketDir);
        if (Shell.IsRoot)
        {
            await Shell.RunAsync("chown", ["-R", "postgres:postgres", root], cancellationToken: cancellationToken);
        }

        if (!File.Exists(Path.Combine(dataDir, "PG_VERSION")))
        {
            var (file, args) = Shell.AsPostgresUser(Path.Combine(binDir, "initdb"),
                ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
            await Shell.RunAsync(file, args, cancellationToken: cancellationToken);
        }

        var options = $"-p {port} -k {socketDir} -c listen_addresses=127.0.0.1" + string.Concat(Settings(fast).Select(setting => $" -c {setting}"));

        var server = new PostgresServer(dataDir, binDir, port) { Fast = fast };
        var (ctl, ctlArgs) = Shell.AsPostgresUser(Path.Combine(binDir, "pg_ctl"),
            ["-D", dataDir, "-w", "-t", "60", "-l", Path.Combine(root, "postgres.log"), "-o", options, "start"]);
        // Not cancellable: pg_ctl would go on starting the server after we stopped waiting, and nobody would stop it.
        // It is bounded by its own -t 60; a cancelled caller then disposes the server it gets back.
        await Shell.RunAsync(ctl, ctlArgs, cancellationToken: CancellationToken.None);
        return server;
    }

    /// <summary>
    /// Server settings beyond the defaults, as name=value: the connections a test run or the platform opens (a pool per
    /// service and per test database), and with <paramref name="fast"/> no durability (tests only). The test
    /// containers get the same ones.
    /// </summary>
    public static IReadOnlyList<string> Settings(bool fast) => fast
        ? ["max_connections=400", "fsync=off", "synchronous_commit=off", "full_page_writes=off"]
        : ["max_connections=400"];

    public async Task CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task StopAsync()
    {
        var (file, args) = Shell.AsPostgresUser(Path.Combine(binDir, "pg_ctl"), ["-D", dataDir, "-m", "fast", "-w", "stop"]);
        await Shell.RunAsync(file, args);
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(dataDir, "postmaster.pid")))
        {
            await StopAsync();
        }
    }

    private static string FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin"))
            : [];
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException("PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: apt-get install postgresql.");
    }
}
