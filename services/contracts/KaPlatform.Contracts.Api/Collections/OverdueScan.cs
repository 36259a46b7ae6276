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
/// </summary>
public static class OverdueScan
{
    private const string Mark = """
        UPDATE milestones m SET overdue_since = m.due_date + 1
        FROM contracts c
        WHERE c.id = m.contract_id AND c.status <> 'terminated'
          AND m.due_date < @asOf::date AND m.settled_on IS NULL AND m.paid_amount < m.amount AND m.overdue_since IS NULL
        """;

    private const string Notify = """
        WITH overdue AS (
            SELECT m.id, m.contract_id, m.account_id, m.due_date, m.amount - m.paid_amount AS outstanding, c.number, c.currency
            FROM milestones m JOIN contracts c ON c.id = m.contract_id
            WHERE c.status <> 'terminated' AND m.due_date < @asOf::date AND m.settled_on IS NULL AND m.paid_amount < m.amount
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
        return TypedResults.Ok(await RunAsync(db, caller, asOf ?? options.Value.Today(clock), cancellationToken));
    }

    public static async Task<OverdueScanResult> RunAsync(NpgsqlDataSource db, Caller caller, DateOnly asOf, CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var marked = await work.Connection.ExecuteAsync(Mark, new { asOf }, work.Transaction);
        var notices = (await work.Connection.QueryAsync<OverdueNotice>(Notify, new { asOf }, work.Transaction)).AsList();
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
        return new OverdueScanResult(asOf, marked, notices);
    }
}
