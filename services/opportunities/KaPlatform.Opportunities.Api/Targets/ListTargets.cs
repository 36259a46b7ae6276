using System.Security.Claims;
using Dapper;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Targets;

/// <summary>GET /api/targets?period=&amp;ownerId= and GET /api/targets/{id} (with its adjustment history).</summary>
public static class ListTargets
{
    public static async Task<Ok<Page<TargetResponse>>> HandleAsync(
        string? period, Guid? ownerId, int? limit, string? cursor, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var take = Paging.Limit(limit);
        var after = Paging.DecodeId(cursor);
        var text = period is null ? null : Period.Parse(period).Text;
        var parameters = new DynamicParameters(new { text, ownerId, after, take = take + 1 });
        var scope = TargetScope.Predicate(Caller.From(user), parameters);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<TargetResponse>(
            $"""
            SELECT {TargetResponse.Columns} FROM targets t
            WHERE {scope} AND (@text::text IS NULL OR t.period = @text) AND (@ownerId::uuid IS NULL OR t.owner_id = @ownerId)
              AND (@after::uuid IS NULL OR t.id < @after::uuid)
            ORDER BY t.id DESC LIMIT @take
            """, parameters)).ToList();
        return TypedResults.Ok(Paging.ToPage(rows, take, t => t.Id.ToString()));
    }

    public static async Task<Ok<TargetResponse>> GetAsync(Guid id, ClaimsPrincipal user, HttpResponse http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var target = Access.Found(await TargetScope.FindAsync(connection, null, Caller.From(user), id, withHistory: true));
        http.Headers.ETag = Concurrency.ETag(target.Version);
        return TypedResults.Ok(target);
    }
}
