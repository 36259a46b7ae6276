using System.Security.Claims;
using Dapper;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.ServiceDefaults.Search;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Leads;

/// <summary>GET /api/leads?accountId=&amp;ownerId=&amp;status=&amp;q=&amp;referredByAccountId=: visible leads, newest first; q finds substrings of Chinese titles (trigram index).</summary>
public static class ListLeads
{
    public static readonly string[] Statuses = ["new", "working", "qualified", "disqualified"];

    public static async Task<Ok<Page<LeadResponse>>> HandleAsync(
        Guid? accountId, Guid? ownerId, [OneOf(typeof(ListLeads), nameof(Statuses))] string? status, string? q, Guid? referredByAccountId, int? limit, string? cursor,
        ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var take = Paging.Limit(limit);
        var after = Paging.DecodeId(cursor);
        new FieldErrors().Choice("status", status, Statuses, required: false).ThrowIfAny();

        var pattern = LikePattern.Contains(q);
        var parameters = new DynamicParameters(new { accountId, ownerId, status, pattern, referredByAccountId, after, take = take + 1 });
        var scope = AccountScope.Predicate(Caller.From(user), parameters, "d");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<LeadResponse>(
            $"""
            SELECT {LeadResponse.Columns} FROM leads l JOIN account_directory d ON d.id = l.account_id
            WHERE {scope}
              AND (@accountId::uuid IS NULL OR l.account_id = @accountId) AND (@ownerId::uuid IS NULL OR l.owner_id = @ownerId)
              AND (@status::text IS NULL OR l.status = @status) AND (@pattern::text IS NULL OR l.title ILIKE @pattern)
              AND (@referredByAccountId::uuid IS NULL OR l.referred_by_account_id = @referredByAccountId)
              AND (@after::uuid IS NULL OR l.id < @after::uuid)
            ORDER BY l.id DESC LIMIT @take
            """, parameters)).ToList();
        return TypedResults.Ok(Paging.ToPage(rows, take, l => l.Id.ToString()));
    }
}
