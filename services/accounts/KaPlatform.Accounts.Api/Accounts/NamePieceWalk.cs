using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Lists;
using Npgsql;

namespace KaPlatform.Accounts.Api.Accounts;

/// <summary>
/// The first page of a name search in name order without visiting every match (migration 0010): walk the accounts
/// listed under the rarest two-character piece of q, in (name, id) order, keep those whose name contains q and the
/// caller may see, stop after a page. 科技 is in 39,982 of 1,000,000 names: sorting every match cost an admin p95 251 ms
/// (docs/benchmarks/2026-12-02.md §10.1).
/// The walk goes in batches read straight from the piece list's primary key (a subquery with its own LIMIT, so the
/// planner cannot turn it into "collect and sort": its estimate of how many rows contain q is always far too low), four
/// times longer each round, and gives up to the sorting plan after <see cref="WalkCap"/> rows: a caller who sees few of
/// the piece's accounts pays a bounded walk, then the old cost. Team-only callers and filtered lists never walk: their
/// own index finds their few accounts first.
/// </summary>
internal static class NamePieceWalk
{
    /// <summary>Pieces are counted up to this many rows: enough to tell a rare piece from a common one, cheap to count.</summary>
    private const int CountCap = 5000;

    private const int FirstBatch = 200;

    private const int WalkCap = 20_000;

    private const string IdColumn = "p.account_id";

    /// <summary>Runs the list's SELECT over a source, conditions, sort and id column, `take` rows at most.</summary>
    public delegate Task<List<AccountResponse>> Select(string source, IEnumerable<string> conditions, ListSort sort, string idColumn, int take);

    public static bool Serves(Caller caller, ListSort sort, string? q, bool filtered) =>
        !filtered && sort.Column.Name == "name" && !AccountScope.IsTeamOnly(caller) && q is { } text && text.Trim().Length >= 2;

    /// <summary>q's piece with the fewest accounts (ties by the piece itself, so a query always walks the same one).</summary>
    public static Task<string?> RarestPieceAsync(NpgsqlConnection connection, string q, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            $"""
            SELECT x.piece FROM unnest(name_bigrams(@q)) AS x (piece)
            ORDER BY (SELECT count(*) FROM (SELECT 1 FROM account_name_pieces p WHERE p.piece = x.piece LIMIT {CountCap}) c), x.piece
            LIMIT 1
            """, new { q = q.Trim() }, cancellationToken: cancellationToken));

    /// <summary>The page after the cursor: the rows the sorting plan would give, in the same order.</summary>
    public static async Task<List<AccountResponse>> PageAsync(
        NpgsqlConnection connection, string piece, ListSort sort, string? cursor, IReadOnlyList<string> where, DynamicParameters parameters,
        int take, Select select, CancellationToken cancellationToken)
    {
        parameters.Add("name_piece", piece);
        var walk = sort with { Column = sort.Column with { Sql = "p.name" } };
        var position = walk.After(cursor, parameters, IdColumn);
        var found = new List<AccountResponse>();
        var walked = 0;
        for (var batch = Math.Max(FirstBatch, 4 * take); walked < WalkCap; batch *= 4)
        {
            batch = Math.Min(batch, WalkCap - walked);
            parameters.Add("walk_batch", batch);
            var rows = $"""
                SELECT p.name, p.account_id FROM account_name_pieces p
                WHERE p.piece = @name_piece{(position is null ? "" : " AND " + position)} ORDER BY {walk.OrderBy(IdColumn)}
                """;
            found.AddRange(await select(
                $"({rows} LIMIT @walk_batch) p JOIN accounts a ON a.id = p.account_id AND a.name = p.name LEFT JOIN users u ON u.id = a.owner_id",
                where, walk, IdColumn, take - found.Count));
            walked += batch;
            if (found.Count >= take)
            {
                return found;
            }

            var end = await connection.QuerySingleOrDefaultAsync<(string Name, Guid Id)?>(new CommandDefinition(
                $"{rows} OFFSET @walk_batch - 1 LIMIT 1", parameters, cancellationToken: cancellationToken));
            if (end is not { } last)
            {
                return found;
            }

            parameters.Add("after_key", last.Name);
            parameters.Add("after_id", last.Id);
            position = walk.Continuing(IdColumn);
        }

        // Few of the piece's accounts are the caller's: the rest of the page from the sorting plan, after the walk.
        var sorted = NameSearchOrder.BySortingMatches(sort);
        found.AddRange(await select("accounts a LEFT JOIN users u ON u.id = a.owner_id", [.. where, sorted.Continuing("a.id")], sorted, "a.id", take - found.Count));
        return found;
    }
}
