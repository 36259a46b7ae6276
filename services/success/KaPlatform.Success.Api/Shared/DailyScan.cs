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
        return TypedResults.Ok(await RunAsync(db, asOf ?? BusinessCalendar.Current.Today, options.Value, cancellationToken));
    }

    public static async Task<ScanResult> RunAsync(NpgsqlDataSource db, DateOnly asOf, SuccessOptions options, CancellationToken cancellationToken)
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
            // In id order, the order every scorer takes the accounts' locks in, so two scans running at once (the
            // timer's and an admin's) cannot deadlock over two chunks.
            accounts = (await connection.QueryAsync<Guid>(
                "SELECT account_id FROM success_accounts UNION SELECT id FROM account_directory ORDER BY 1")).ToList();
        }

        // A chunk per transaction: a commit per account waited for a WAL flush per account (about 220 accounts/s at
        // 100,000 accounts, so 1,000,000 would take over an hour, docs/benchmarks/2026-12-03.md §8). A failure rolls
        // back its chunk and stops the scan; the chunks before it stay scored.
        foreach (var chunk in accounts.Chunk(ChunkSize))
        {
            await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
            await HealthRecalculation.RecomputeManyAsync(work, chunk, asOf, options, cancellationToken);
            await work.CommitAsync(cancellationToken);
        }

        return new ScanResult(asOf, renewals, accounts.Count);
    }

    /// <summary>The RenewalDue events it published are the scan's notices; the scores it refreshes are not news.</summary>
    protected override async Task<int> ScanAsync(CancellationToken cancellationToken) =>
        (await RunAsync(db, BusinessCalendar.Current.Today, options.Value, cancellationToken)).RenewalsDue;
}
