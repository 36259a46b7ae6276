using System.Security.Claims;
using Dapper;
using KaPlatform.Contracts.Api.Erp;
using KaPlatform.Contracts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Contracts.Api.Collections;

public sealed class OverdueNotice
{
    public Guid MilestoneId { get; init; }
    public Guid ContractId { get; init; }
    public Guid AccountId { get; init; }
    public string Number { get; init; } = "";
    public DateOnly DueDate { get; init; }
    public int Threshold { get; init; }
    public decimal Outstanding { get; init; }
    public string Currency { get; init; } = "";
}

public sealed record OverdueScanResult(DateOnly AsOf, int MarkedOverdue, IReadOnlyList<OverdueNotice> Notices);

/// <summary>
/// docs/product.md §3.4: unpaid milestones past their due date become `overdue`; MilestoneOverdue goes out when one becomes
/// overdue (threshold 0) and again when it is more than 30, 60 and 90 days past due — the same lines as the aging
/// buckets. overdue_notices' primary key makes each (milestone, threshold) go out exactly once, however often and
/// however concurrently the scan runs; a scan that finds a milestone 95 days late sends all four at once.
/// The scan goes through the open, past-due milestones in chunks (`Collections:OverdueScanChunk`, 2,000), one transaction each, in
/// (due date, id) order: a backlog of any size is worked off and what is done stays done. In one transaction a
/// platform with 500,000 contracts (docs/benchmarks/2026-12-02.md §11) hit the 30 s command timeout, rolled back
/// and tried again every minute, so no notice ever went out.
/// </summary>
public static class OverdueScan
{
    /// <summary>
    /// The next chunk of open milestones past due that still have something to do, in the order of their index
    /// (migration 0005): not yet marked overdue, or without the notice of the highest threshold they have passed (a
    /// scan sends every passed threshold at once, so with that one sent all lower ones are). Milestones with nothing
    /// to do are passed over without a transaction: on the ×10 data, 407,657 overdue milestones took ~40 s in 204
    /// chunks when every one was taken; now the night's few changes are.
    /// </summary>
    private const string Next = """
        SELECT m.id, m.due_date FROM milestones m
        WHERE m.due_date IS NOT NULL AND m.settled_on IS NULL AND (m.due_date, m.id) > (@afterDate::date, @afterId::uuid)
          AND m.due_date < @asOf::date
          AND (m.overdue_since IS NULL OR NOT EXISTS (
              SELECT 1 FROM overdue_notices n WHERE n.milestone_id = m.id AND n.threshold = CASE
                  WHEN @asOf::date - m.due_date > 90 THEN 90 WHEN @asOf::date - m.due_date > 60 THEN 60
                  WHEN @asOf::date - m.due_date > 30 THEN 30 ELSE 0 END))
        ORDER BY m.due_date, m.id LIMIT @chunk
        """;

    // Whatever changes a milestone's amounts or dates (a payment, keyed in or from the ERP; a payment-plan change) holds
    // its contract FOR UPDATE first. Notify's read of a milestone already marked overdue takes no row lock, so without
    // this it read the amounts from before a payment still in flight, and sent its 30/60/90-day notice with the full
    // amount after the payment's PaymentReceived: success-api then counted the settled milestone as overdue for good.
    // The chunk's contracts first, in id order, before Mark locks any milestone (the writers' order: contract, then
    // milestones); the statements after it read once the writers in flight have committed.
    private const string WaitForContractWriters = """
        SELECT c.id FROM contracts c
        WHERE c.id IN (SELECT m.contract_id FROM milestones m WHERE m.id = ANY (@ids))
        ORDER BY c.id FOR SHARE OF c
        """;

    private const string Mark = """
        UPDATE milestones m SET overdue_since = m.due_date + 1
        FROM contracts c
        WHERE m.id = ANY (@ids) AND c.id = m.contract_id AND c.status <> 'terminated'
          AND m.due_date < @asOf::date AND m.settled_on IS NULL AND m.paid_amount < m.amount AND m.overdue_since IS NULL
        """;

    private const string Notify = """
        WITH overdue AS (
            SELECT m.id, m.contract_id, m.account_id, m.due_date, m.amount - m.paid_amount AS outstanding, c.number, c.currency
            FROM milestones m JOIN contracts c ON c.id = m.contract_id
            WHERE m.id = ANY (@ids) AND c.status <> 'terminated' AND m.due_date < @asOf::date AND m.settled_on IS NULL AND m.paid_amount < m.amount
        ), inserted AS (
            INSERT INTO overdue_notices (milestone_id, threshold, as_of)
            SELECT o.id, t.threshold, @asOf::date FROM overdue o CROSS JOIN (VALUES (0), (30), (60), (90)) t (threshold)
            WHERE @asOf::date - o.due_date > t.threshold
            ON CONFLICT DO NOTHING
            RETURNING milestone_id, threshold
        )
        SELECT o.id AS milestone_id, o.contract_id, o.account_id, o.number, o.due_date, i.threshold, o.outstanding, o.currency
        FROM inserted i JOIN overdue o ON o.id = i.milestone_id
        ORDER BY o.due_date, o.id, i.threshold
        """;

    public static async Task<Ok<OverdueScanResult>> HandleAsync(
        DateOnly? asOf, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<CollectionsOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        caller.Require(Roles.Admin, Roles.Finance);
        return TypedResults.Ok(await RunAsync(db, caller, asOf ?? options.Value.Today(clock), options.Value.OverdueScanChunk, cancellationToken));
    }

    public static async Task<OverdueScanResult> RunAsync(NpgsqlDataSource db, Caller caller, DateOnly asOf, int chunkSize, CancellationToken cancellationToken)
    {
        var (marked, notices) = (0, new List<OverdueNotice>());
        var (afterDate, afterId) = (DateOnly.MinValue, Guid.Empty);
        while (true)
        {
            List<(Guid Id, DateOnly DueDate)> chunk;
            await using (var connection = await db.OpenConnectionAsync(cancellationToken))
            {
                chunk = (await connection.QueryAsync<(Guid Id, DateOnly DueDate)>(new CommandDefinition(
                    Next, new { asOf, afterDate, afterId, chunk = chunkSize }, cancellationToken: cancellationToken))).AsList();
            }

            if (chunk.Count == 0)
            {
                return new OverdueScanResult(asOf, marked, notices);
            }

            var (chunkMarked, chunkNotices) = await ScanAsync(db, caller, asOf, [.. chunk.Select(c => c.Id)], cancellationToken);
            marked += chunkMarked;
            notices.AddRange(chunkNotices);
            (afterId, afterDate) = chunk[^1];
        }
    }

    private static async Task<(int Marked, List<OverdueNotice> Notices)> ScanAsync(
        NpgsqlDataSource db, Caller caller, DateOnly asOf, Guid[] ids, CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await work.Connection.ExecuteAsync(WaitForContractWriters, new { ids }, work.Transaction);
        var marked = await work.Connection.ExecuteAsync(Mark, new { asOf, ids }, work.Transaction);
        var notices = (await work.Connection.QueryAsync<OverdueNotice>(Notify, new { asOf, ids }, work.Transaction)).AsList();
        foreach (var n in notices)
        {
            await ErpOutbound.PublishAsync(work, new MilestoneOverdue(
                Guid.CreateVersion7(), DateTimeOffset.UtcNow, n.AccountId, n.ContractId, n.Number, n.MilestoneId, n.DueDate, n.Threshold, n.Outstanding, n.Currency),
                cancellationToken);
        }

        if (marked > 0 || notices.Count > 0)
        {
            await work.AuditAsync(caller, "overdue_scan", Guid.CreateVersion7(), "scanned", new { asOf, marked, notices = notices.Count }, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        return (marked, notices);
    }
}
