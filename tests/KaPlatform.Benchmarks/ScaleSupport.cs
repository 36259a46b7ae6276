using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;
using Npgsql;
using NpgsqlTypes;

namespace KaPlatform.Benchmarks;

/// <summary>One series of GETs against one service endpoint: its latencies, failures and a sample answer.</summary>
internal sealed record SeriesResult(string Endpoint, string Caller, Percentiles Latency, int Failed, string? FirstError, long Bytes, JsonElement? Sample)
{
    /// <summary>The server log's length when the measured requests started and ended (<see cref="PlanLog"/>).</summary>
    public (long From, long To) PlanLogRange { get; init; } = (-1, -1);
}

/// <summary>
/// What the data-at-scale scenarios (accounts, forecast, aging) share: binary COPY into a service's database with
/// a printed rate, VACUUM ANALYZE, tokens for a given user/role/region, and fixed-size request series measured
/// directly on a service (not through the gateway).
/// </summary>
internal static class ScaleSupport
{
    /// <summary>The regions of <see cref="SampleAccounts"/> (city → region).</summary>
    public static readonly string[] Regions = ["华北", "华东", "华南", "华中", "西南", "西北", "东北"];

    /// <summary>A service's own address (not the gateway's), without a trailing slash.</summary>
    public static string ServiceUrl(BenchmarkContext context, KaPlatform.LocalInfra.ServiceDefinition service) =>
        context.Platform.Endpoints.Services[service.Name].TrimEnd('/');

    public static string Token(BenchmarkContext context, Guid userId, string name, string role, string? region) =>
        new DevTokenIssuer(new AuthOptions { SigningKey = context.Platform.SigningKey }).Issue(userId, name, [role], region);

    /// <summary>Ten million rows on a loaded machine: PostgreSQL may stall a write for longer than the default 30 s while a
    /// checkpoint flushes (the ×10 run of 2026-12-02 lost its stakeholders COPY that way).</summary>
    public static readonly TimeSpan CopyTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Below this many rows a load keeps the table's indexes: dropping and building them would cost more than it saves.</summary>
    private const int InitialLoadRows = 10_000;

    /// <summary>
    /// Loads <paramref name="rows"/> rows with one binary COPY (the row writer uses the synchronous importer calls: a
    /// million rows of ten columns is otherwise mostly Task overhead). Into an empty table it is an initial load, as
    /// docs/operations.md describes: the secondary indexes are dropped first and built after the rows, one session per
    /// core; into a table that holds rows every index is kept. Prints and records (<see cref="LoadLedger"/>) rows,
    /// times and rows/s; returns the rows written.
    /// </summary>
    public static async Task<long> CopyAsync(
        BenchmarkContext context, string connectionString, string table, string copy, int rows, Action<NpgsqlBinaryImporter, int> writeRow,
        CancellationToken cancellationToken)
    {
        var initial = rows >= InitialLoadRows
            && !await ScalarAsync<bool>(connectionString, $"SELECT EXISTS (SELECT 1 FROM {table})", cancellationToken);
        var indexes = initial ? await SecondaryIndexes.DropAsync(connectionString, table, cancellationToken) : null;
        var clock = Stopwatch.StartNew();
        ulong written;
        var built = TimeSpan.Zero;
        try
        {
            written = await Task.Run(() =>
            {
                using var connection = new NpgsqlConnection(connectionString);
                connection.Open();
                using var writer = connection.BeginBinaryImport(copy);
                writer.Timeout = CopyTimeout;
                for (var i = 0; i < rows; i++)
                {
                    if ((i & 0x3FFF) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    writer.StartRow();
                    writeRow(writer, i);
                }

                return writer.Complete();
            }, cancellationToken);
        }
        finally
        {
            clock.Stop();
            if (indexes is not null)
            {
                built = await indexes.BuildAsync();
            }
        }

        var load = new TableLoad(new NpgsqlConnectionStringBuilder(connectionString).Database ?? "?", table, (long)written, clock.Elapsed, built, indexes is not null);
        context.Loads.Add(load);
        context.Output.WriteLine(indexes is null
            ? $"  COPY {table}: {Format.Count(load.Rows)} rows in {Format.Seconds(load.Copy)} ({Format.Rate(load.Rows / load.Total.TotalSeconds)} rows/s, every index kept)"
            : $"  COPY {table}: {Format.Count(load.Rows)} rows in {Format.Seconds(load.Copy)}, then {indexes.Count} indexes in {Format.Seconds(built)} ({Format.Rate(load.Rows / load.Total.TotalSeconds)} rows/s): {indexes.Times()}");
        return load.Rows;
    }

    private const string DirectoryCopy = """
        COPY account_directory (id, name, region, owner_id, parent_id, team_user_ids, as_of) FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>
    /// A service's account directory as its projection of accounts-api's events would hold these accounts; as_of is
    /// <paramref name="asOf"/>, or each account's own UpdatedAt without one.
    /// </summary>
    public static Task<long> CopyDirectoryAsync(
        BenchmarkContext context, string connectionString, IReadOnlyList<SampleAccount> accounts, DateTime? asOf, CancellationToken cancellationToken) =>
        CopyAsync(context, connectionString, "account_directory", DirectoryCopy, accounts.Count, (w, i) =>
        {
            var a = accounts[i];
            w.Write(a.Id, NpgsqlDbType.Uuid);
            w.Write(a.Name, NpgsqlDbType.Text);
            w.Write(a.Region, NpgsqlDbType.Text);
            w.Write(a.OwnerId, NpgsqlDbType.Uuid);
            w.WriteUuidOrNull(a.ParentId);
            w.Write(a.TeamUserIds, NpgsqlDbType.Array | NpgsqlDbType.Uuid);
            w.Write(asOf ?? a.UpdatedAt, NpgsqlDbType.TimestampTz);
        }, cancellationToken);

    /// <summary>VACUUM (ANALYZE) the freshly loaded tables: statistics for the planner and the visibility map for index-only scans.</summary>
    public static async Task VacuumAnalyzeAsync(TextWriter output, string connectionString, IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var list = tables.ToList();
        foreach (var table in list)
        {
            await ExecuteAsync(connectionString, $"VACUUM (ANALYZE) {table}", cancellationToken);
        }

        output.WriteLine($"  VACUUM (ANALYZE) {string.Join(", ", list)}: {Format.Seconds(clock.Elapsed)} (not timed as part of any figure)");
    }

    public static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken, object? parameter = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        if (parameter is Guid id)
        {
            command.Parameters.AddWithValue("id", id);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, CancellationToken cancellationToken, Guid? id = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        if (id is { } value)
        {
            command.Parameters.AddWithValue("id", value);
        }

        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// WarmupRequests unmeasured, then Requests measured GETs with Concurrency in flight (1 = one after the other),
    /// each with <paramref name="token"/>; request i goes to <paramref name="uri"/>(i). The first warm-up answer that
    /// is not 2xx stops the series with its body (a wrong route or token is a message, not a table of errors).
    /// </summary>
    public static async Task<SeriesResult> SeriesAsync(
        BenchmarkContext context, string endpoint, string caller, string token, Func<int, Uri> uri, CancellationToken cancellationToken,
        int? requests = null)
    {
        var options = context.Options;
        var measured = requests ?? options.Requests;
        JsonElement? sample = null;
        for (var i = 0; i < Math.Max(1, options.WarmupRequests); i++)
        {
            var (status, body, _) = await SendAsync(context.Http, token, uri(i), keepBody: i == 0, cancellationToken);
            if (status is < 200 or > 299)
            {
                throw new InvalidOperationException($"GET {uri(i)} as {caller} answered {status}: {body?[..Math.Min(body.Length, 500)]}");
            }

            if (i == 0 && body is not null)
            {
                using var document = JsonDocument.Parse(body);
                sample = document.RootElement.Clone();
            }
        }

        var planLog = context.Platform.PlanLogPath;
        var planLogFrom = PlanLog.Mark(planLog);
        var latency = new LatencyRecorder();
        int next = -1, failed = 0;
        long bytes = 0;
        string? firstError = null;
        async Task Worker()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < measured)
            {
                var sent = Stopwatch.GetTimestamp();
                var (status, body, length) = await SendAsync(context.Http, token, uri(options.WarmupRequests + index), keepBody: false, cancellationToken);
                if (status is >= 200 and <= 299)
                {
                    latency.AddSince(sent);
                    Interlocked.Add(ref bytes, length);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, $"{status} {body}", null);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(options.Concurrency, measured)).Select(_ => Worker()));
        var summary = latency.Summarise();
        return new SeriesResult(endpoint, caller, summary, failed, firstError, summary.Count == 0 ? 0 : bytes / summary.Count, sample)
        {
            PlanLogRange = (planLogFrom, PlanLog.Mark(planLog)),
        };
    }

    /// <summary>One table for a scenario's series, and a summary line per series against the p95 target.</summary>
    /// <param name="informational">series printed beside the goal's, for comparison: no target line, "–" as met</param>
    public static void Report(BenchmarkContext context, string title, IEnumerable<SeriesResult> series, double targetP95Ms, string metricPrefix,
        IReadOnlyCollection<SeriesResult>? informational = null, int? requests = null)
    {
        var options = context.Options;
        var table = new Table(
            $"{title} ({options.WarmupRequests} warm-up + {requests ?? options.Requests} measured requests each, concurrency {options.Concurrency}, direct to the service)",
            "endpoint", "as", "ok", "errors", "avg bytes", "p50 ms", "p95 ms", "p99 ms", "max ms", "target p95", "met");
        foreach (var s in series)
        {
            var met = s.Failed == 0 && s.Latency.P95 <= targetP95Ms;
            var goal = informational?.Contains(s) != true;
            table.Add(s.Endpoint, s.Caller, Format.Count(s.Latency.Count), Format.Count(s.Failed), Format.Count(s.Bytes),
                Format.Ms(s.Latency.P50), Format.Ms(s.Latency.P95), Format.Ms(s.Latency.P99), Format.Ms(s.Latency.Max),
                goal ? $"≤ {targetP95Ms:0} ms" : "(no goal)", goal ? (met ? "yes" : "NO") : "–");
            if (goal)
            {
                context.Targets.Add(new TargetResult($"{metricPrefix} {s.Endpoint} as {s.Caller} p95", Format.Ms(s.Latency.P95) + " ms", $"≤ {targetP95Ms:0} ms", met));
            }

            if (s.FirstError is not null)
            {
                context.Output.WriteLine($"  first error of {s.Endpoint} as {s.Caller}: {s.FirstError}");
            }
        }

        table.Write(context.Output);
        foreach (var s in series.Where(s => informational?.Contains(s) != true && (s.Failed > 0 || s.Latency.P95 > targetP95Ms)))
        {
            WriteSlowestPlan(context, s);
        }
    }

    private const int PlanLinesShown = 45;

    private static void WriteSlowestPlan(BenchmarkContext context, SeriesResult series)
    {
        var output = context.Output;
        if (PlanLog.Slowest(context.Platform.PlanLogPath, series.PlanLogRange.From, series.PlanLogRange.To) is not { } plan)
        {
            output.WriteLine(context.Platform.PlanLogPath is null
                ? $"  {series.Endpoint} as {series.Caller} missed; no plan: this platform's PostgreSQL was not started with auto_explain"
                : $"  {series.Endpoint} as {series.Caller} missed; no statement of the series took over {PlanLog.MinDurationMs} ms (the time is outside the database)");
            return;
        }

        output.WriteLine($"  {series.Endpoint} as {series.Caller} missed: its slowest statement ({Format.Ms(plan.Ms)} ms), as auto_explain logged it (estimated rows):");
        foreach (var line in plan.Lines.Take(PlanLinesShown))
        {
            var text = line.TrimStart('\t');
            output.WriteLine("    " + (text.Length > 220 ? text[..220] + "…" : text));
        }

        if (plan.Lines.Count > PlanLinesShown)
        {
            output.WriteLine($"    … {plan.Lines.Count - PlanLinesShown} more lines in {context.Platform.PlanLogPath}");
        }
    }

    private static async Task<(int Status, string? Body, long Length)> SendAsync(
        HttpClient http, string token, Uri uri, bool keepBody, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var ok = response.IsSuccessStatusCode;
        return ((int)response.StatusCode, keepBody || !ok ? System.Text.Encoding.UTF8.GetString(bytes) : null, bytes.Length);
    }
}

/// <summary>Nullable columns of a binary COPY row.</summary>
internal static class ImporterExtensions
{
    public static void WriteUuidOrNull(this NpgsqlBinaryImporter writer, Guid? value)
    {
        if (value is { } v)
        {
            writer.Write(v, NpgsqlTypes.NpgsqlDbType.Uuid);
        }
        else
        {
            writer.WriteNull();
        }
    }

    public static void WriteTextOrNull(this NpgsqlBinaryImporter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, NpgsqlTypes.NpgsqlDbType.Text);
        }
    }

    public static void WriteDateOrNull(this NpgsqlBinaryImporter writer, DateOnly? value)
    {
        if (value is { } v)
        {
            writer.Write(v, NpgsqlTypes.NpgsqlDbType.Date);
        }
        else
        {
            writer.WriteNull();
        }
    }
}
