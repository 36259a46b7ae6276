using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Lists;
using Npgsql;

namespace KaPlatform.Accounts.Api.Accounts;

/// <summary>
/// The first page of a name search in name order without visiting every match (migration 0010): walk the accounts
/// listed under the rarest two-character piece of q, in (name, id) order, keep those whose name contains q and the
/// caller may see, stop after a page. 科技 is in 39,982 of 1,000,000 names: sorting every match cost an admin p95 251 ms
/// (docs/benchmarks/2026-12-02.md §10.1); the walk reads a page's worth of rows under the piece.
/// Team-only callers keep their own plan: their few accounts come first from the team index, and a walk would pass
/// over every other team's matches.
/// </summary>
internal static class NamePieceWalk
{
    /// <summary>Pieces are counted up to this many rows: enough to tell a rare piece from a common one, cheap to count.</summary>
    private const int CountCap = 5000;

    public const string Source = "account_name_pieces p JOIN accounts a ON a.id = p.account_id";

    public const string IdColumn = "p.account_id";

    public static bool Serves(Caller caller, ListSort sort, string? q) =>
        sort.Column.Name == "name" && !AccountScope.IsTeamOnly(caller) && q is { } text && text.Trim().Length >= 2;

    /// <summary>The same order and cursor as a.name, read from the piece row so the primary key supplies it.</summary>
    public static ListSort Ordered(ListSort sort) => sort with { Column = sort.Column with { Sql = "p.name" } };

    /// <summary>q's piece with the fewest accounts (ties by the piece itself, so a query always walks the same one).</summary>
    public static Task<string?> RarestPieceAsync(NpgsqlConnection connection, string q, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            $"""
            SELECT x.piece FROM unnest(name_bigrams(@q)) AS x (piece)
            ORDER BY (SELECT count(*) FROM (SELECT 1 FROM account_name_pieces p WHERE p.piece = x.piece LIMIT {CountCap}) c), x.piece
            LIMIT 1
            """, new { q = q.Trim() }, cancellationToken: cancellationToken));
}
