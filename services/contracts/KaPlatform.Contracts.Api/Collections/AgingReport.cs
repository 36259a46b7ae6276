using System.Security.Claims;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Contracts.Api.Collections;

public sealed class AgingRow
{
    public Guid AccountId { get; init; }
    public string? Name { get; init; }
    public Guid? ParentId { get; init; }
    public string Currency { get; init; } = "";
    public decimal NotDue { get; init; }
    public decimal D1_30 { get; init; }
    public decimal D31_60 { get; init; }
    public decimal D61_90 { get; init; }
    public decimal D90Plus { get; init; }
    public decimal Total { get; init; }
}

public sealed record AgingBuckets(string Currency, decimal NotDue, decimal D1_30, decimal D31_60, decimal D61_90, decimal D90Plus, decimal Total);

public sealed record AgingReportResponse(
    DateOnly AsOf, Guid? AccountId, bool IncludeSubsidiaries, AgingBuckets Overall, IReadOnlyList<AgingBuckets> OtherCurrencies,
    int AccountCount, IReadOnlyList<AgingRow> Accounts);

/// <summary>
/// GET /api/collections/aging?asOf=&amp;accountId=&amp;includeSubsidiaries=&amp;ownerId=: what is still owed on
/// milestones that have a due date, as it stood on asOf (payments received after asOf do not count), in buckets by
/// days past due. A group account rolls up its subtree through this service's own account directory (recursive CTE).
/// ownerId is the collector, as on the battle map: the contract's owner or the account's owner.
/// Only accounts the caller may see are summed. Reads milestones by the partial indexes of migrations 0003 and 0004,
/// sums them per account and currency first and only then joins the accounts' directory rows (the group's tree when one
/// was asked for): a 10,001-account group at ×10 took p95 776–851 ms when each of its 152,113 open milestones probed
/// the directory and the sums were sorted on disk (docs/benchmarks/2026-12-02.md §11).
/// </summary>
public static class AgingReport
{
    private const int DefaultAccounts = 500;

    /// <summary>
    /// Open as of asOf = never settled, or settled after asOf: two halves, instead of every due milestone of the accounts
    /// and most of them filtered out. The never-settled half is read index-only by account (migration 0003); the
    /// settled-later half is joined to the tree so the planner can start from the settlement date when few were settled
    /// after asOf (as of today: none, migration 0004) and from the accounts when many were (a date long past).
    /// </summary>
    private const string OpenColumns = "m.id, m.contract_id, m.account_id, m.currency, m.due_date, m.amount, m.paid_amount";

    public static async Task<Ok<AgingReportResponse>> HandleAsync(
        DateOnly? asOf, Guid? accountId, bool? includeSubsidiaries, Guid? ownerId, int? limit, ClaimsPrincipal user,
        NpgsqlDataSource db, IOptions<CollectionsOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var date = asOf ?? options.Value.Today(clock);
        var take = Paging.Limit(limit ?? DefaultAccounts);
        var subtree = includeSubsidiaries == true;
        var parameters = new DynamicParameters(new { asOf = date, accountId, ownerId });
        var scope = AccountScope.Predicate(caller, parameters, "d");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await CollectionFilters.RequireVisibleAsync(connection, caller, accountId, scope, parameters);
        var tree = CollectionFilters.AccountTree(accountId, subtree);
        var totals = new AgingTotals(options.Value.BaseCurrency, take);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // A group's open milestones (152,113 of a 10,001-account group at ×10) are summed per account in memory: with
        // the default 4 MB PostgreSQL sorted them on disk.
        await connection.ExecuteAsync("SET LOCAL work_mem = '64MB'", transaction: transaction);
        await foreach (var row in connection.QueryUnbufferedAsync<AgingRow>(
            $"""
            {(tree.Length == 0 ? "WITH" : tree + ",")} sums AS (
                SELECT o.account_id, o.currency, o.contract_owner,
                       coalesce(sum(o.outstanding) FILTER (WHERE o.days <= 0), 0) AS not_due,
                       coalesce(sum(o.outstanding) FILTER (WHERE o.days BETWEEN 1 AND 30), 0) AS d1_30,
                       coalesce(sum(o.outstanding) FILTER (WHERE o.days BETWEEN 31 AND 60), 0) AS d31_60,
                       coalesce(sum(o.outstanding) FILTER (WHERE o.days BETWEEN 61 AND 90), 0) AS d61_90,
                       coalesce(sum(o.outstanding) FILTER (WHERE o.days > 90), 0) AS d90plus,
                       sum(o.outstanding) AS total
                FROM (
                    SELECT m.account_id, m.currency, @asOf::date - m.due_date AS days, {CollectionFilters.ContractOwner(ownerId)} AS contract_owner,
                           m.amount - CASE WHEN m.paid_amount > 0 THEN coalesce((
                               SELECT sum(pa.amount) FROM payment_applications pa WHERE pa.milestone_id = m.id AND pa.received_at <= @asOf::date), 0)
                               ELSE 0 END AS outstanding
                    FROM (
                        SELECT {OpenColumns} FROM milestones m
                        WHERE {CollectionFilters.AccountClause(accountId)} m.due_date IS NOT NULL AND m.settled_on IS NULL
                        UNION ALL
                        SELECT {OpenColumns} FROM milestones m {(accountId is null ? "" : "JOIN tree t ON t.id = m.account_id")}
                        WHERE m.due_date IS NOT NULL AND m.settled_on > @asOf::date
                    ) m
                    {CollectionFilters.OwnerJoin(ownerId)}
                ) o
                WHERE o.outstanding > 0
                GROUP BY o.account_id, o.currency, o.contract_owner)
            SELECT s.account_id, d.name, d.parent_id, s.currency,
                   sum(s.not_due) AS not_due, sum(s.d1_30) AS d1_30, sum(s.d31_60) AS d31_60, sum(s.d61_90) AS d61_90,
                   sum(s.d90plus) AS d90plus, sum(s.total) AS total
            FROM sums s {CollectionFilters.DirectoryJoin(accountId, "s.account_id")}
            WHERE {scope} AND {CollectionFilters.Owner("s")}
            GROUP BY s.account_id, d.name, d.parent_id, s.currency
            ORDER BY total DESC, s.account_id
            """, parameters, transaction).WithCancellation(cancellationToken))
        {
            totals.Add(row);
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new AgingReportResponse(
            date, accountId, subtree, totals.Overall, totals.OtherCurrencies, totals.AccountCount, totals.Top));
    }
}
