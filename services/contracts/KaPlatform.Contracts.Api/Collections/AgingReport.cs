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
/// Only accounts the caller may see are summed. The statement reads milestones by the partial indexes of migrations
/// 0004 and 0006, sums each half per account and currency in the order its index gives, filters the sums by the
/// accounts' directory rows when the caller's scope or a collector asks for it (the group's tree when one was asked
/// for), and answers with the largest accounts (named from the directory) and one total row per currency: a
/// 10,001-account group at ×10 has 11,620 account rows; summing both halves together and streaming every row to this
/// service to keep 500 took 212–218 ms in psql, this takes 157–161 ms; the whole company (249,748 rows) 1.13 s
/// (docs/benchmarks/2026-12-06.md §8).
/// </summary>
public static class AgingReport
{
    private const int DefaultAccounts = 500;

    private const string OpenColumns = "m.id, m.contract_id, m.account_id, m.currency, m.due_date, m.amount, m.paid_amount";

    public static async Task<Ok<AgingReportResponse>> HandleAsync(
        DateOnly? asOf, Guid? accountId, bool? includeSubsidiaries, Guid? ownerId, int? limit, ClaimsPrincipal user,
        NpgsqlDataSource db, IOptions<CollectionsOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var date = asOf ?? options.Value.Today(clock);
        var take = Paging.Limit(limit ?? DefaultAccounts);
        var subtree = includeSubsidiaries == true;
        var parameters = new DynamicParameters(new { asOf = date, accountId, ownerId, take });
        var scope = AccountScope.Predicate(caller, parameters, "d");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await CollectionFilters.RequireVisibleAsync(connection, caller, accountId, scope, parameters);
        var tree = CollectionFilters.AccountTree(accountId, subtree);

        // Open as of asOf = never settled, or settled after asOf: two halves, instead of every due milestone of the
        // accounts and most of them filtered out. The never-settled half is read index-only by account and currency
        // (migration 0006) and summed without a sort; the settled-later half is joined to the tree so the planner can
        // start from the settlement date when few were settled after asOf (as of today: none, migration 0004) and
        // from the accounts when many were (a date long past). Each half is summed on its own: summed together, the
        // union lost the index's order and PostgreSQL sorted all of a group's open milestones first.
        var neverSettled = Sums(ownerId, $"""
            SELECT {OpenColumns} FROM milestones m
            WHERE {CollectionFilters.AccountClause(accountId)} m.due_date IS NOT NULL AND m.settled_on IS NULL
            """);
        var settledLater = Sums(ownerId, $"""
            SELECT {OpenColumns} FROM milestones m {(accountId is null ? "" : "JOIN tree t ON t.id = m.account_id")}
            WHERE m.due_date IS NOT NULL AND m.settled_on > @asOf::date
            """);
        // The directory only when it decides which accounts count (a scoped caller, a collector): finance and admins
        // see every account, and joining a million directory rows to the sums cost them more than the sums (×10: the
        // whole company's aging 1.85 s with it, 1.13 s without). The page's names are looked up for its rows alone.
        var filter = AccountScope.SeesAll(caller) && ownerId is null
            ? ""
            : $"{CollectionFilters.DirectoryJoin(accountId, "s.account_id")} WHERE {scope} AND {CollectionFilters.Owner("s")}";
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // A date long past has many milestones settled after it, summed after a sort: kept in memory, not on disk.
        await connection.ExecuteAsync("SET LOCAL work_mem = '64MB'", transaction: transaction);
        var lines = (await connection.QueryAsync<AgingRow, AgingTally, (AgingRow Row, AgingTally Tally)>(new CommandDefinition(
            $"""
            {(tree.Length == 0 ? "WITH" : tree + ",")} sums AS (
                {neverSettled}
                UNION ALL
                {settledLater}),
            accounts AS (
                SELECT s.account_id, s.currency,
                       sum(s.not_due) AS not_due, sum(s.d1_30) AS d1_30, sum(s.d31_60) AS d31_60, sum(s.d61_90) AS d61_90,
                       sum(s.d90plus) AS d90plus, sum(s.total) AS total
                FROM sums s {filter}
                GROUP BY s.account_id, s.currency),
            top AS (SELECT * FROM accounts ORDER BY total DESC, account_id LIMIT @take)
            SELECT t.account_id, d.name, d.parent_id, t.currency, t.not_due, t.d1_30, t.d31_60, t.d61_90, t.d90plus, t.total,
                   false AS is_total, t.total AS rank_total, 0 AS account_count
            FROM top t LEFT JOIN account_directory d ON d.id = t.account_id
            UNION ALL
            SELECT NULL, NULL, NULL, currency, sum(not_due), sum(d1_30), sum(d31_60), sum(d61_90), sum(d90plus), sum(total),
                   true, max(total), (SELECT count(*) FROM (SELECT account_id FROM accounts GROUP BY account_id) a)::int
            FROM accounts GROUP BY currency
            ORDER BY is_total, rank_total DESC, account_id, currency
            """, parameters, transaction, cancellationToken: cancellationToken),
            (row, tally) => (row, tally), splitOn: "is_total")).ToList();
        await transaction.CommitAsync(cancellationToken);

        var totals = lines.Where(l => l.Tally.IsTotal).ToList();
        var currencies = totals.Select(l => Buckets(l.Row)).ToList();
        var baseCurrency = options.Value.BaseCurrency;
        return TypedResults.Ok(new AgingReportResponse(
            date, accountId, subtree,
            currencies.FirstOrDefault(c => c.Currency == baseCurrency) ?? new AgingBuckets(baseCurrency, 0, 0, 0, 0, 0, 0),
            currencies.Where(c => c.Currency != baseCurrency).ToList(),
            totals.Count == 0 ? 0 : totals[0].Tally.AccountCount,
            lines.Where(l => !l.Tally.IsTotal).Select(l => l.Row).ToList()));
    }

    /// <summary>One half's open amounts summed per account, currency (and collector when one is asked for).</summary>
    private static string Sums(Guid? ownerId, string milestones) => $"""
        SELECT o.account_id, o.currency, o.contract_owner,
               coalesce(sum(o.outstanding) FILTER (WHERE o.days <= 0), 0) AS not_due,
               coalesce(sum(o.outstanding) FILTER (WHERE o.days BETWEEN 1 AND 30), 0) AS d1_30,
               coalesce(sum(o.outstanding) FILTER (WHERE o.days BETWEEN 31 AND 60), 0) AS d31_60,
               coalesce(sum(o.outstanding) FILTER (WHERE o.days BETWEEN 61 AND 90), 0) AS d61_90,
               coalesce(sum(o.outstanding) FILTER (WHERE o.days > 90), 0) AS d90plus,
               sum(o.outstanding) AS total
        FROM (
            SELECT m.account_id, m.currency, @asOf::date - m.due_date AS days, {CollectionFilters.ContractOwner(ownerId)} AS contract_owner,
                   m.amount - {CollectionFilters.PaidBy("@asOf")} AS outstanding
            FROM ({milestones}) m
            {CollectionFilters.OwnerJoin(ownerId)}
        ) o
        WHERE o.outstanding > 0
        GROUP BY o.account_id, o.currency, o.contract_owner
        """;

    private static AgingBuckets Buckets(AgingRow total) =>
        new(total.Currency, total.NotDue, total.D1_30, total.D31_60, total.D61_90, total.D90Plus, total.Total);

    /// <summary>What kind of line the statement sent: an account (largest total first) or one currency's total, with the number of accounts summed.</summary>
    private sealed class AgingTally
    {
        public bool IsTotal { get; init; }
        public int AccountCount { get; init; }
    }
}
