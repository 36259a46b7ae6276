using System.Security.Claims;
using Dapper;
using KaPlatform.Contracts.Api.Contracts;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Search;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Contracts.Api.Search;

/// <summary>
/// GET /api/contracts/search?q=&amp;limit=: contracts by number or title for the workspace's global search
/// (docs/search.md), under the same visibility as the contract list (docs/product.md §6).
/// </summary>
public static class SearchContracts
{
    public static async Task<Ok<SearchResults>> HandleAsync(string? q, int? limit, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var (pattern, prefix, take) = GlobalSearch.Parse(q, limit);
        var parameters = new DynamicParameters(new { pattern, prefix, take });
        var from = ContractAccess.VisibleFrom(Caller.From(user), parameters);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var hits = (await connection.QueryAsync<SearchHit>(new CommandDefinition(
            $"""
            SELECT 'contract' AS kind, c.id, c.account_id AS accountid, coalesce(d.name, '') AS accountname, c.number AS title, c.title AS subtitle
            FROM {from} AND (c.number ILIKE @pattern OR c.title ILIKE @pattern)
            ORDER BY c.number ILIKE @prefix DESC, c.number LIMIT @take
            """, parameters, cancellationToken: cancellationToken))).AsList();
        return TypedResults.Ok(new SearchResults(q!.Trim(), [new("contract", hits)]));
    }
}
