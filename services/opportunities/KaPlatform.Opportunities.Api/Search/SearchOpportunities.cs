using System.Security.Claims;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Search;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Search;

/// <summary>
/// GET /api/opportunities/search?q=&amp;limit=: opportunities by name and bids by tender reference or issuer, for the
/// workspace's global search (docs/search.md); the account directory decides what the caller may see (docs/product.md §6).
/// </summary>
public static class SearchOpportunities
{
    public static async Task<Ok<SearchResults>> HandleAsync(string? q, int? limit, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var (pattern, prefix, take) = GlobalSearch.Parse(q, limit);
        var parameters = new DynamicParameters(new { pattern, prefix, take });
        var scope = AccountScope.Predicate(Caller.From(user), parameters, "d");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        using var grid = await connection.QueryMultipleAsync(new CommandDefinition(
            $"""
            SELECT 'opportunity' AS kind, o.id, d.id AS accountid, d.name AS accountname, o.name AS title, o.stage AS subtitle
            FROM opportunities o JOIN account_directory d ON d.id = o.account_id
            WHERE {scope} AND o.name ILIKE @pattern
            ORDER BY o.name ILIKE @prefix DESC, o.name, o.id LIMIT @take;

            SELECT 'bid' AS kind, b.opportunity_id AS id, d.id AS accountid, d.name AS accountname, b.tender_ref AS title, b.issuer AS subtitle
            FROM bids b JOIN account_directory d ON d.id = b.account_id
            WHERE {scope} AND (b.tender_ref ILIKE @pattern OR b.issuer ILIKE @pattern)
            ORDER BY b.tender_ref ILIKE @prefix DESC, b.submission_deadline DESC, b.id LIMIT @take;
            """, parameters, cancellationToken: cancellationToken));
        var opportunities = (await grid.ReadAsync<SearchHit>()).AsList();
        var bids = (await grid.ReadAsync<SearchHit>()).AsList();
        return TypedResults.Ok(new SearchResults(q!.Trim(), [new("opportunity", opportunities), new("bid", bids)]));
    }
}
