using Dapper;
using KaPlatform.ServiceDefaults.Lists;
using Npgsql;

namespace KaPlatform.Accounts.Api.Accounts;

/// <summary>
/// How a name search reaches its first page in name order. PostgreSQL may either collect every match through the
/// name-piece index and sort them, or walk the name index in order until a page of matches is found. The walk is right
/// when matches are everywhere (集团: one page within a few hundred names) and ruinous when they are rare (鼎盛 at
/// 1,000,000 accounts: 250,000 English names passed first, 1.1 s), and the planner's guess of how common a two-character
/// piece is cannot tell them apart reliably (docs/benchmarks/2026-12-02.md §9.3). So the list counts the matches first,
/// up to a bound, through the piece index, and with fewer than the bound orders by an expression the name index cannot
/// supply: the plan is then always "collect the matches, sort them".
/// </summary>
internal static class NameSearchOrder
{
    /// <summary>
    /// Where the two plans cost about the same at 1,000,000 accounts: sorting n matches reads n rows; walking reads about
    /// page size × accounts ÷ n rows in name order, equal near n ≈ 7,000. Below the bound, sorting is the cheaper plan.
    /// </summary>
    internal const int SortBelow = 5_000;

    /// <summary>
    /// Counts through the indexes as a bitmap (the piece index, and the team's or region's): a sequential or ordered
    /// scan, which the same misjudged guess could pick for this count too, would read the table to find a rare name.
    /// </summary>
    public static async Task<bool> FewMatchesAsync(NpgsqlConnection connection, IEnumerable<string> conditions, DynamicParameters parameters, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var found = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"""
            SET LOCAL enable_seqscan = off;
            SET LOCAL enable_indexscan = off;
            SELECT count(*)::int FROM (SELECT 1 FROM accounts a WHERE {string.Join(" AND ", conditions)} LIMIT {SortBelow}) m;
            """, parameters, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return found < SortBelow;
    }

    /// <summary>The same order and cursor (name || '' is the name), as an expression no index supplies.</summary>
    public static ListSort BySortingMatches(ListSort sort) => sort with { Column = sort.Column with { Sql = $"({sort.Column.Sql} || '')" } };
}
