using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace KaPlatform.Benchmarks;

/// <summary>What wrk reported for one run: answers per second of every kind, 2xx only, and its latency percentiles.</summary>
internal sealed record WrkResult(long Requests, long NonSuccess, long SocketErrors, double Seconds, double P50Ms, double P99Ms)
{
    public long Succeeded => Requests - NonSuccess;
    public double SucceededPerSecond => Succeeded / Seconds;
}

/// <summary>
/// External load generators written in C, so the client does not eat the CPU of what it measures (the in-process
/// generator competes with the services for the same two cores): wrk (Debian package wrk) for HTTP, pgbench
/// (PostgreSQL's own) for the database reference. Both are closed loop; wrk has no open loop (that is wrk2, not in
/// Debian), so latency at a fixed rate stays with <see cref="LoadGenerator.OpenLoopAsync"/>.
/// </summary>
internal static partial class ExternalLoad
{
    public const string WrkMissing =
        "wrk not found on PATH: install it (Debian/Ubuntu: apt-get install -y wrk) for the per-request cost figures; "
        + "falling back to the in-process closed loop, which shares the CPU with the services it measures.";

    public static string? Find(string program) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .Concat([Path.Combine("/usr/lib/postgresql", "bin", program)])
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// wrk against <paramref name="baseUrl"/> with the given paths in turn (a Lua script, so every connection walks
    /// the same id sequence), a bearer token, <paramref name="connections"/> keep-alive connections on two threads.
    /// </summary>
    /// <remarks>
    /// With <paramref name="rate"/> every connection waits a random pause (uniform, mean connections ÷ rate) before each
    /// request: a paced load near that rate, from a generator that takes little CPU. It is still a closed loop per
    /// connection (a stalled answer delays that connection's next request), so its percentiles are not corrected for
    /// coordinated omission; the harness's open loop (<see cref="LoadGenerator.OpenLoopAsync"/>) is, at the cost of
    /// sharing the CPU with what it measures.
    /// </remarks>
    public static async Task<WrkResult> WrkAsync(
        string wrk, string baseUrl, IReadOnlyList<string> paths, string token, int connections, TimeSpan duration, string workDirectory,
        CancellationToken cancellationToken, double? rate = null)
    {
        var script = Path.Combine(workDirectory, "wrk-paths.lua");
        var lua = new StringBuilder();
        lua.AppendLine("local paths = {");
        foreach (var path in paths)
        {
            lua.Append("  \"").Append(path).AppendLine("\",");
        }

        lua.AppendLine("}");
        lua.AppendLine($"wrk.headers[\"Authorization\"] = \"Bearer {token}\"");
        lua.AppendLine("local i = 0");
        lua.AppendLine("request = function() i = i + 1; return wrk.format(\"GET\", paths[(i % #paths) + 1]) end");
        if (rate is { } perSecond)
        {
            var meanPauseMs = connections * 1000.0 / perSecond;
            lua.AppendLine(CultureInfo.InvariantCulture, $"delay = function() return math.random() * {2 * meanPauseMs:0.###} end");
        }

        // One machine-readable line instead of parsing wrk's human units (us/ms/s).
        lua.AppendLine("""
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("KA-WRK requests=%d status=%d socket=%d duration_us=%d p50_us=%d p99_us=%d\n",
                summary.requests, e.status, e.connect + e.read + e.write + e.timeout, summary.duration,
                latency:percentile(50), latency:percentile(99)))
            end
            """);
        await File.WriteAllTextAsync(script, lua.ToString(), cancellationToken);

        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        var threads = Math.Min(System.Environment.ProcessorCount, connections);
        var (exit, stdout, stderr) = await RunAsync(wrk,
            ["-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
             "-d", seconds + "s", "--timeout", "10s", "-s", script, baseUrl.TrimEnd('/') + paths[0]],
            null, cancellationToken);
        var match = WrkLine().Match(stdout);
        if (exit != 0 || !match.Success)
        {
            throw new InvalidOperationException($"wrk exited {exit}: {stderr.Trim()} {stdout.Trim()}");
        }

        long Value(string name) => long.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
        return new WrkResult(Value("requests"), Value("status"), Value("socket"), Value("duration") / 1e6, Value("p50") / 1e3, Value("p99") / 1e3);
    }

    /// <summary>
    /// pgbench's select-only script (-S: one primary-key SELECT per transaction, prepared) on the harness's own
    /// PostgreSQL, in a database of its own (scale 1: 100,000 rows, cached like the accounts the HTTP run reads).
    /// </summary>
    public static async Task<double> PgBenchSelectOnlyAsync(
        string pgbench, string connectionString, int clients, TimeSpan duration, TextWriter output, CancellationToken cancellationToken)
    {
        const string Database = "pgbench_reference";
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand($"SELECT count(*) FROM pg_database WHERE datname = '{Database}'", connection);
            if ((long)(await exists.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {Database}", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
                var environment = PgEnvironment(builder, Database);
                var (initExit, _, initError) = await RunAsync(pgbench, ["-i", "-s", "1", "-q"], environment, cancellationToken);
                if (initExit != 0)
                {
                    throw new InvalidOperationException($"pgbench -i exited {initExit}: {initError.Trim()}");
                }

                output.WriteLine($"  pgbench -i -s 1 in database {Database} (100,000 pgbench_accounts rows)");
            }
        }

        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        var (exit, stdout, stderr) = await RunAsync(pgbench,
            ["-S", "-M", "prepared", "-n", "-c", clients.ToString(CultureInfo.InvariantCulture),
             "-j", Math.Min(System.Environment.ProcessorCount, clients).ToString(CultureInfo.InvariantCulture), "-T", seconds.ToString(CultureInfo.InvariantCulture)],
            PgEnvironment(builder, Database), cancellationToken);
        var tps = Tps().Match(stdout);
        if (exit != 0 || !tps.Success)
        {
            throw new InvalidOperationException($"pgbench exited {exit}: {stderr.Trim()} {stdout.Trim()}");
        }

        return double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, string> PgEnvironment(NpgsqlConnectionStringBuilder builder, string database)
    {
        var environment = new Dictionary<string, string>
        {
            ["PGHOST"] = builder.Host ?? "127.0.0.1",
            ["PGPORT"] = builder.Port.ToString(CultureInfo.InvariantCulture),
            ["PGUSER"] = builder.Username ?? "postgres",
            ["PGDATABASE"] = database,
        };
        if (!string.IsNullOrEmpty(builder.Password))
        {
            environment["PGPASSWORD"] = builder.Password;
        }

        return environment;
    }

    /// <summary>Runs a program to its end (killed if cancelled) and returns its exit code and output.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(
        string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    [GeneratedRegex(@"KA-WRK requests=(?<requests>\d+) status=(?<status>\d+) socket=(?<socket>\d+) duration_us=(?<duration>\d+) p50_us=(?<p50>\d+) p99_us=(?<p99>\d+)")]
    private static partial Regex WrkLine();

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex Tps();
}
