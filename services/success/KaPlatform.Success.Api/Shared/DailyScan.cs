using System.Security.Claims;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Scheduling;
using KaPlatform.Success.Api.Health;
using KaPlatform.Success.Api.Renewals;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Success.Api.Shared;

public sealed record ScanResult(DateOnly AsOf, int RenewalsDue, int AccountsScored);

/// <summary>
/// What time alone changes: renewals entering their lead window, engagement going stale, overdue days growing.
/// Runs at start and then every Success:ScanInterval; POST /api/success/scan?asOf= runs it for a given date (admin).
/// The timer's run scores a day once: started again on a day already scanned (a restart, a deployment) it only
/// publishes the renewals due, and on a day cut short it resumes after the last account scored (daily_scan_runs,
/// migration 0013). Events keep each account's score current in between; only time moves it otherwise.
/// </summary>
public sealed class DailyScan(NpgsqlDataSource db, IOptions<SuccessOptions> options, ILogger<DailyScan> logger)
    : RecurringScan(options.Value.ScanInterval, logger)
{
    /// <summary>Accounts scored per transaction; a consumer scoring one of them waits for the chunk at most.</summary>
    public const int ChunkSize = 200;

    public static async Task<Ok<ScanResult>> HandleAsync(
        DateOnly? asOf, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<SuccessOptions> options, CancellationToken cancellationToken)
    {
        Caller.From(user).Require(Roles.Admin);
        return TypedResults.Ok(await RunAsync(db, asOf ?? BusinessCalendar.Current.Today, options.Value, resume: false, cancellationToken));
    }

    /// <param name="resume">Score only what no run has scored yet for asOf (the timer); false scores every account (an admin).</param>
    public static async Task<ScanResult> RunAsync(NpgsqlDataSource db, DateOnly asOf, SuccessOptions options, bool resume, CancellationToken cancellationToken)
    {
        int renewals;
        await using (var work = await UnitOfWork.BeginAsync(db, cancellationToken))
        {
            renewals = await RenewalTracking.PublishDueAsync(work, asOf, options, null, cancellationToken);
            await work.CommitAsync(cancellationToken);
        }

        List<Guid> accounts;
        await using (var connection = await db.OpenConnectionAsync(cancellationToken))
        {
            var progress = resume
                ? await connection.QuerySingleOrDefaultAsync<ScanProgress>(
                    "SELECT scored_through, completed_at FROM daily_scan_runs WHERE as_of = @asOf", new { asOf })
                : null;
            if (progress?.CompletedAt is not null)
            {
                return new ScanResult(asOf, renewals, 0);
            }

            // In id order, the order every scorer takes the accounts' locks in, so two scans running at once (the
            // timer's and an admin's) cannot deadlock over two chunks.
            accounts = (await connection.QueryAsync<Guid>(
                """
                SELECT account_id FROM success_accounts WHERE @after::uuid IS NULL OR account_id > @after
                UNION
                SELECT id FROM account_directory WHERE @after::uuid IS NULL OR id > @after
                ORDER BY 1
                """, new { after = progress?.ScoredThrough })).ToList();
        }

        // A chunk per transaction: a commit per account waited for a WAL flush per account (about 220 accounts/s at
        // 100,000 accounts, so 1,000,000 would take over an hour, docs/benchmarks/2026-12-03.md §8). A failure rolls
        // back its chunk and stops the scan; the chunks before it stay scored.
        foreach (var chunk in accounts.Chunk(ChunkSize))
        {
            await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
            await HealthRecalculation.RecomputeManyAsync(work, chunk, asOf, options, cancellationToken);
            await work.Connection.ExecuteAsync(
                """
                INSERT INTO daily_scan_runs (as_of, scored_through) VALUES (@asOf, @last)
                ON CONFLICT (as_of) DO UPDATE SET scored_through = greatest(daily_scan_runs.scored_through, excluded.scored_through)
                """, new { asOf, last = chunk[^1] }, work.Transaction);
            await work.CommitAsync(cancellationToken);
        }

        await using (var connection = await db.OpenConnectionAsync(cancellationToken))
        {
            // A day with no account at all is done too: the next start has nothing to catch up on.
            await connection.ExecuteAsync(
                """
                INSERT INTO daily_scan_runs (as_of, scored_through, completed_at) VALUES (@asOf, @last, now())
                ON CONFLICT (as_of) DO UPDATE SET completed_at = now()
                """, new { asOf, last = accounts.Count == 0 ? Guid.Empty : accounts[^1] });
        }

        return new ScanResult(asOf, renewals, accounts.Count);
    }

    /// <summary>The RenewalDue events it published are the scan's notices; the scores it refreshes are not news.</summary>
    protected override async Task<int> ScanAsync(CancellationToken cancellationToken) =>
        (await RunAsync(db, BusinessCalendar.Current.Today, options.Value, resume: true, cancellationToken)).RenewalsDue;

    private sealed class ScanProgress
    {
        public Guid ScoredThrough { get; init; }
        public DateTime? CompletedAt { get; init; }
    }
}
