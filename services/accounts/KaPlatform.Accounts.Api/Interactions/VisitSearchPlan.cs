using Dapper;
using Npgsql;

namespace KaPlatform.Accounts.Api.Interactions;

/// <summary>
/// The cheaper ways to a KAM's visit search page, tried before walking every interaction of every team account.
/// Both give exactly the walk's page: a recent window that already holds a full page holds the newest matches of all
/// (nothing older can come before them), and the word index returns every match, which is then sorted as the walk would.
/// </summary>
internal static class VisitSearchPlan
{
    /// <summary>About 8 % of three years of visits: common words fill a page from it (价格: 51 of ~5,000 rows read).</summary>
    private static readonly TimeSpan Window = TimeSpan.FromDays(90);

    /// <summary>Below this many matches in the whole table, reading them through the trigram index beats the walk.</summary>
    private const int RareBelow = 5_000;

    /// <summary>"In the 90 days before the page's upper bound" (the cursor's row, ?to=, or now).</summary>
    public static string Recent(DynamicParameters parameters, DateTime? afterAt, DateTime? to)
    {
        var upper = new[] { afterAt?.ToUniversalTime(), to, DateTime.UtcNow }.Where(d => d is not null).Min()!.Value;
        parameters.Add("recent_since", upper - Window);
        return "i.occurred_at >= @recent_since";
    }

    /// <summary>
    /// Whether q matches fewer than RareBelow interactions in all (a word that matches nothing is the rarest). The
    /// trigram index needs three characters: for two (价格) it would read every entry, so those are never "rare" here.
    /// Counted as a bitmap so that no guess of the planner turns the count into a scan of the table.
    /// </summary>
    public static async Task<bool> RareWordAsync(NpgsqlConnection connection, string q, DynamicParameters parameters, CancellationToken cancellationToken)
    {
        if (q.Length < 3)
        {
            return false;
        }

        var found = await InBitmapScansAsync(connection, transaction => connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT count(*)::int FROM (SELECT 1 FROM interactions i WHERE i.search_text ILIKE @pattern LIMIT {RareBelow}) m",
            parameters, transaction, cancellationToken: cancellationToken)), cancellationToken);
        return found < RareBelow;
    }

    /// <summary>The word's matches through its trigram index (bitmaps only, as counted), joined to the visible accounts, sorted.</summary>
    public static Task<List<Interaction>> ByWordIndexAsync(NpgsqlConnection connection, string sql, DynamicParameters parameters, CancellationToken cancellationToken) =>
        InBitmapScansAsync(connection, transaction => SearchInteractions.QueryAsync(connection, sql, parameters, cancellationToken, transaction), cancellationToken);

    /// <summary>Runs one statement in a transaction whose planner may use indexes only as bitmaps (no table scans, no ordered index walks).</summary>
    private static async Task<T> InBitmapScansAsync<T>(NpgsqlConnection connection, Func<NpgsqlTransaction, Task<T>> statement, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off;", transaction: transaction, cancellationToken: cancellationToken));
        var result = await statement(transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
