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
/// Only accounts the caller may see are summed. Reads milestones by the partial indexes of migration 0003.
/// </summary>
public static class AgingReport
{
    private const int DefaultAccounts = 500;

    /// <summary>
    /// Open as of asOf = never settled, or settled after asOf: two halves, each read index-only from its own partial
    /// index (migration 0003), instead of every due milestone of the accounts and most of them filtered out.
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
        var accounts = CollectionFilters.AccountTree(accountId, subtree);
        var totals = new AgingTotals(options.Value.BaseCurrency, take);
        await foreach (var row in connection.QueryUnbufferedAsync<AgingRow>(
            $"""
            {accounts}
            SELECT o.account_id, d.name, d.parent_id, o.currency,
                   coalesce(sum(o.outstanding) FILTER (WHERE o.days <= 0), 0) AS not_due,
                   coalesce(sum(o.outstanding) FILTER (WHERE o.days BETWEEN 1 AND 30), 0) AS d1_30,
                   coalesce(sum(o.outstanding) FILTER (WHERE o.days BETWEEN 31 AND 60), 0) AS d31_60,
                   coalesce(sum(o.outstanding) FILTER (WHERE o.days BETWEEN 61 AND 90), 0) AS d61_90,
                   coalesce(sum(o.outstanding) FILTER (WHERE o.days > 90), 0) AS d90plus,
                   sum(o.outstanding) AS total
            FROM (
                SELECT m.account_id, m.currency, @asOf::date - m.due_date AS days, m.amount - coalesce(p.paid, 0) AS outstanding,
                       {CollectionFilters.ContractOwner(ownerId)} AS contract_owner
                FROM (
                    SELECT {OpenColumns} FROM milestones m
                    WHERE {CollectionFilters.AccountClause(accountId)} m.due_date IS NOT NULL AND m.settled_on IS NULL
                    UNION ALL
                    SELECT {OpenColumns} FROM milestones m
                    WHERE {CollectionFilters.AccountClause(accountId)} m.due_date IS NOT NULL AND m.settled_on > @asOf::date
                ) m
                {CollectionFilters.OwnerJoin(ownerId)}
                LEFT JOIN LATERAL (
                    SELECT sum(pa.amount) AS paid FROM payment_applications pa
                    WHERE m.paid_amount > 0 AND pa.milestone_id = m.id AND pa.received_at <= @asOf::date) p ON TRUE
            ) o
            LEFT JOIN account_directory d ON d.id = o.account_id
            WHERE o.outstanding > 0 AND {scope} AND {CollectionFilters.Owner}
            GROUP BY o.account_id, d.name, d.parent_id, o.currency
            ORDER BY total DESC, o.account_id
            """, parameters).WithCancellation(cancellationToken))
        {
            totals.Add(row);
        }

        return TypedResults.Ok(new AgingReportResponse(
            date, accountId, subtree, totals.Overall, totals.OtherCurrencies, totals.AccountCount, totals.Top));
    }
}
