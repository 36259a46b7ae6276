using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using KaPlatform.LocalInfra;
using KaPlatform.ServiceDefaults;
using Npgsql;

namespace KaPlatform.Benchmarks.Scenarios;

/// <summary>
/// Issue 18 "events at load": OpportunityWon at --rate (default 200/s) for --duration, each one written into
/// opportunities-api's own outbox exactly as its WinOpportunity use case writes it (row + NOTIFY in one transaction), so
/// the real relay publishes it and contracts-api's real consumer drafts the contract. For each event: time from the
/// outbox commit until its draft contract is readable in contractsdb (its transaction's commit timestamp; polled when
/// the server keeps none, as a platform given with --platform may). About 1 % of the wins are
/// announced twice (a second outbox row with the same eventId and body: a replayed publish); each opportunity must
/// still end with exactly one contract. Also contracts-api's own outbox lag (ContractDrafted created_at → sent_at).
/// </summary>
internal sealed class WonEvents : IScenario
{
    public const double TargetP99Ms = 250;
    private const int DirectoryAccounts = 2_000;
    private const int Seed = 20_261_218;
    private const int MaxInFlight = 1_000;
    private const string WonType = "KaPlatform.Opportunities.IntegrationEvents.OpportunityWon, KaPlatform.Opportunities.IntegrationEvents";
    private const int WarmUpRate = 50;

    /// <summary>Below a fifth of a core the platform is idle again (health checks, telemetry export).</summary>
    private const double QuietCores = 0.2;
    private static readonly TimeSpan WarmUpDuration = TimeSpan.FromSeconds(60);

    /// <summary>The first directory row; its presence means contractsdb already has the scenario's accounts.</summary>
    private static readonly Guid Marker = Guid.Parse("b0000000-0000-4000-8000-0000000a9218");

    // What opportunities-api's outbox writer does: the row, and the relay's wake-up committing with it when the writer
    // has sent none for this database in the last 250 ms (Messaging's OutboxWakeUps: a NOTIFY serialises commits
    // server-wide; a relay that found rows keeps polling). One statement: a prepared statement holds one command.
    private const string Enqueue = "INSERT INTO outbox (id, message_type, body) VALUES ($1, $2, $3::jsonb)";
    private const string EnqueueAndNotify = """
        WITH queued AS (INSERT INTO outbox (id, message_type, body) VALUES ($1, $2, $3::jsonb) RETURNING 1)
        SELECT pg_notify('ka_outbox', '') FROM queued
        """;
    private const long WakeUpQuietMs = 250;
    private long lastWakeUp = long.MinValue / 2;

    public string Name => "won";

    public async Task RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var rate = context.Options.WonRate;
        var duration = context.Options.Duration;
        var opportunities = context.Platform.Database(PlatformLayout.Opportunities);
        var contracts = context.Platform.Database(PlatformLayout.Contracts);
        output.WriteLine();
        output.WriteLine($"== won: OpportunityWon at {rate}/s for {duration.TotalSeconds:0} s through opportunities-api's outbox, time until each draft contract is readable in contractsdb");

        var accounts = await SeedDirectoryAsync(context, contracts, cancellationToken);
        // Written the way opportunities-api's own data source writes (DatabaseSetup): prepared statements, no reset of
        // a pooled connection; a DISCARD ALL per win would be the generator's cost, charged to the server it measures.
        await using var source = new NpgsqlDataSourceBuilder(opportunities)
        {
            ConnectionStringBuilder = { NoResetOnClose = true, MaxAutoPrepare = KaPlatform.ServiceDefaults.Data.DatabaseSetup.DefaultMaxAutoPrepare },
        }.Build();

        // Freshly started services spend much of their first minutes of traffic in the JIT (a CPU profile of
        // contracts-api during the measured phase: ~40 % in libclrjit/libcoreclr), which measures the start, not the
        // pipeline. A platform that has been up for a while is warm; so is this one after the warm-up. 10 s of it
        // (500 wins) left methods in their instrumented tiers: the JIT still took 11 % of contracts-api's and 22 % of
        // success-api's CPU in the measured phase, and the services' CPU per win halved after 60 s (3,000 wins)
        // (docs/benchmarks/2026-12-03.md §8.4).
        var warmUp = new ConcurrentBag<Guid>();
        var warmUpClock = Stopwatch.StartNew();
        await LoadGenerator.OpenLoopAsync(WarmUpRate, WarmUpDuration, MaxInFlight, async (sequence, ct) =>
        {
            warmUp.Add((await WinAsync(source, accounts, sequence + 1_000_000, twice: false, ct)).OpportunityId);
            return 200;
        }, cancellationToken);
        var warmUpMissing = await WaitForContractsAsync(contracts, [.. warmUp], Arrivals.SettleLimit, cancellationToken);
        output.WriteLine($"  warm-up (not measured): {Format.Count(warmUp.Count)} wins at {WarmUpRate}/s, {Format.Count(warmUp.Count - warmUpMissing)} contracts after {warmUpClock.Elapsed.TotalSeconds:0.0} s");

        var measuredFrom = DateTime.UtcNow;
        var cpu = CpuMeter.ForPlatform(context.Platform);
        // Exact when the server keeps commit timestamps (the harness's own PostgreSQL does); polled otherwise.
        var exact = await CommitLatency.AvailableAsync(contracts, cancellationToken);
        var committed = new CommitLatency(contracts,
            "SELECT opportunity_id, pg_xact_commit_timestamp(xmin) FROM contracts WHERE opportunity_id = ANY($1)",
            "SELECT count(*) FROM contracts WHERE created_at >= $1");
        var drafted = new Arrivals(contracts, "SELECT opportunity_id FROM contracts WHERE opportunity_id = ANY($1)");
        var all = new ConcurrentBag<Guid>();
        var duplicates = new ConcurrentBag<Guid>();
        using var posting = new CancellationTokenSource();
        var poller = exact ? Task.CompletedTask : drafted.PollAsync(posting.Token, cancellationToken);

        LoadResult published;
        try
        {
            published = await LoadGenerator.OpenLoopAsync(rate, duration, MaxInFlight, async (sequence, ct) =>
            {
                var twice = sequence % 100 == 50;
                var (opportunityId, sentAt) = await WinAsync(source, accounts, sequence, twice, ct);
                if (exact)
                {
                    committed.Expect(opportunityId, sentAt);
                }
                else
                {
                    drafted.Expect(opportunityId, Stopwatch.GetTimestamp());
                }

                all.Add(opportunityId);
                if (twice)
                {
                    duplicates.Add(opportunityId);
                }

                return 200;
            }, cancellationToken);
        }
        finally
        {
            await posting.CancelAsync();
        }

        await poller;
        // The wins also reach success-api and accounts-api, and ContractDrafted goes on to success-api: their work
        // counts too, so the CPU window closes when the machine has gone quiet, not when the last contract was seen.
        var settled = await CpuMeter.WaitForQuietAsync(QuietCores, TimeSpan.FromSeconds(60), cancellationToken);
        var perProcess = cpu.Totals();

        var (latency, missing) = exact ? await committed.CollectAsync(measuredFrom, Arrivals.SettleLimit, cancellationToken) : (drafted.Latency, drafted.Missing);
        var summary = latency.Summarise();
        var table = new Table($"OpportunityWon → draft contract readable in contractsdb ({(exact ? CommitLatency.Description : "outbox commit → row seen; " + Arrivals.PollDescription)})",
            "events", "contracts seen", "missing", "p50 ms", "p95 ms", "p99 ms", "max ms");
        table.Add(Format.Count(all.Count), Format.Count(summary.Count), Format.Count(missing),
            Format.Ms(summary.P50), Format.Ms(summary.P95), Format.Ms(summary.P99), Format.Ms(summary.Max));
        table.Write(output);
        output.WriteLine($"published: {Format.Rate(published.SucceededPerSecond)}/s achieved of {rate}/s asked{(published.FirstError is null ? "" : "; first error: " + published.FirstError)}");

        var (withNone, withMore, contractsMade) = await CountPerOpportunityAsync(contracts, [.. all], cancellationToken);
        var (dupNone, dupMore, _) = await CountPerOpportunityAsync(contracts, [.. duplicates], cancellationToken);
        output.WriteLine($"contracts per opportunity: {Format.Count(contractsMade)} contracts for {Format.Count(all.Count)} wins; lost (no contract) {Format.Count(withNone)}, doubled (more than one) {Format.Count(withMore)}");
        output.WriteLine($"announced twice: {Format.Count(duplicates.Count)} wins; of them lost {Format.Count(dupNone)}, doubled {Format.Count(dupMore)}");
        // Rows written by one transaction share its xmin: how many wins contracts-api's consumer applied per commit.
        var transactions = await ScaleSupport.ScalarAsync<long>(contracts,
            $"SELECT count(DISTINCT xmin::text) FROM contracts WHERE created_at >= '{measuredFrom:O}'", cancellationToken);
        output.WriteLine($"contracts-api drafted them in {Format.Count(transactions)} transactions ({(transactions == 0 ? 0 : contractsMade / (double)transactions):0.00} wins per commit)");

        // Where a backlog forms: the relay publishing the wins, or contracts-api consuming them (whose own relay then
        // publishes ContractDrafted).
        var wonLag = await StageTimings.OutboxLagAsync(opportunities, "%OpportunityWon%", measuredFrom, cancellationToken);
        output.WriteLine($"opportunities-api outbox (OpportunityWon) created_at → sent_at: {Format.Count(wonLag.Rows)} rows, p50 {Format.Ms(wonLag.P50)} ms, p95 {Format.Ms(wonLag.P95)} ms, p99 {Format.Ms(wonLag.P99)} ms");
        var lag = await StageTimings.OutboxLagAsync(contracts, "%ContractDrafted%", measuredFrom, cancellationToken);
        output.WriteLine($"contracts-api outbox (ContractDrafted) created_at → sent_at: {Format.Count(lag.Rows)} rows, p50 {Format.Ms(lag.P50)} ms, p95 {Format.Ms(lag.P95)} ms, p99 {Format.Ms(lag.P99)} ms");

        var wins = Math.Max(1, all.Count);
        var cpuTable = new Table($"CPU per win from the first measured win until the machine was quiet again ({settled.TotalSeconds:0} s after sending ended{(exact ? "" : " and the last contract was seen")}; user + system time ÷ {Format.Count(all.Count)} wins)",
            "process", "CPU s", "ms per win");
        foreach (var (process, seconds) in perProcess)
        {
            cpuTable.Add(process, seconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), (seconds * 1000 / wins).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        }

        cpuTable.Write(output);
        var machinePerWin = perProcess.Single(p => p.Process == CpuMeter.Machine).Seconds * 1000 / wins;

        context.Targets.Add(new TargetResult("OpportunityWon→contract p99", Format.Ms(summary.P99) + " ms", "≤ 250 ms", summary.P99 <= TargetP99Ms));
        context.Targets.Add(new TargetResult("OpportunityWon lost / doubled", $"{withNone} / {withMore}", "0 / 0", withNone == 0 && withMore == 0));
        context.Targets.Add(new TargetResult("ContractDrafted outbox lag p99", Format.Ms(lag.P99) + " ms", "reported", null));
        context.Targets.Add(new TargetResult("whole machine's CPU per win", Format.Ms(machinePerWin) + " ms", $"≤ {Format.Ms(Environment.ProcessorCount * 1000.0 / rate)} ms to keep up", null));
    }

    /// <summary>One win written into the outbox as opportunities-api writes it; twice = announced again under a second row.</summary>
    private async Task<(Guid OpportunityId, DateTime SentAt)> WinAsync(NpgsqlDataSource source, (Guid Id, Guid OwnerId)[] accounts, long sequence, bool twice, CancellationToken cancellationToken)
    {
        var random = new Random(unchecked((int)sequence * 7919) ^ Seed);
        var account = accounts[random.Next(accounts.Length)];
        var opportunityId = Guid.CreateVersion7();
        var eventId = Guid.CreateVersion7();
        var body = JsonSerializer.Serialize(new
        {
            eventId,
            occurredAt = DateTimeOffset.UtcNow,
            accountId = account.Id,
            opportunityId,
            ownerId = account.OwnerId,
            type = "new",
            amount = 100_000m + (random.Next(10_000) * 100m),
            currency = "CNY",
            closeDate = DateOnly.FromDateTime(DateTime.UtcNow),
            name = $"基准赢单 {sequence + 1}",
        }, Json.Options);
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await EnqueueAsync(connection, transaction, eventId, body, cancellationToken);
        if (twice)
        {
            // The same win announced again (same eventId, same body) under a second outbox row.
            await EnqueueAsync(connection, transaction, Guid.CreateVersion7(), body, cancellationToken);
        }

        // Before the commit: the latency counted from here includes the win's own commit, never less than the truth.
        var sentAt = DateTime.UtcNow;
        await transaction.CommitAsync(cancellationToken);
        return (opportunityId, sentAt);
    }

    /// <summary>Waits until each opportunity has its contract or the limit passed; returns how many still have none.</summary>
    private static async Task<long> WaitForContractsAsync(string contracts, Guid[] ids, TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (none, _, _) = await CountPerOpportunityAsync(contracts, ids, cancellationToken);
            if (none == 0 || clock.Elapsed > limit)
            {
                return none;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private async Task EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, string body, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref lastWakeUp);
        var notify = now - last >= WakeUpQuietMs && Interlocked.CompareExchange(ref lastWakeUp, now, last) == last;
        await using var command = new NpgsqlCommand(notify ? EnqueueAndNotify : Enqueue, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = WonType });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = body });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Accounts contracts-api's directory knows (COPYed once, as the aging scenario does).</summary>
    private static async Task<(Guid Id, Guid OwnerId)[]> SeedDirectoryAsync(BenchmarkContext context, string contracts, CancellationToken cancellationToken)
    {
        var sample = new SampleAccounts(seed: Seed);
        var now = DateTime.UtcNow;
        var accounts = Enumerable.Range(0, DirectoryAccounts)
            .Select(i => (i == 0 ? sample.Next() with { Id = Marker } : sample.Next()) with { ParentId = null })
            .ToArray();
        if (await ScaleSupport.ScalarAsync<long>(contracts, "SELECT count(*) FROM account_directory WHERE id = @id", cancellationToken, Marker) > 0)
        {
            context.Output.WriteLine("  contractsdb already holds the scenario's directory rows");
        }
        else
        {
            await ScaleSupport.CopyDirectoryAsync(context, contracts, accounts, now, cancellationToken);
        }

        // Read back rather than regenerate: the sample's ids are fresh on every run.
        await using var connection = new NpgsqlConnection(contracts);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT id, owner_id FROM account_directory ORDER BY id LIMIT {DirectoryAccounts}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var known = new List<(Guid, Guid)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            known.Add((reader.GetGuid(0), reader.GetGuid(1)));
        }

        return [.. known];
    }

    private static async Task<(long None, long More, long Contracts)> CountPerOpportunityAsync(string contracts, Guid[] ids, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(contracts);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE n = 0), count(*) FILTER (WHERE n > 1), coalesce(sum(n), 0)::bigint
            FROM (SELECT o, (SELECT count(*) FROM contracts c WHERE c.opportunity_id = o) AS n FROM unnest($1::uuid[]) AS o) per
            """, connection) { Parameters = { new NpgsqlParameter<Guid[]> { TypedValue = ids } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
