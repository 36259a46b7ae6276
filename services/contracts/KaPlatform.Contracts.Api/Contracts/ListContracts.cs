using System.Security.Claims;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Contracts.Api.Contracts;

public sealed class ContractSummary
{
    public Guid Id { get; init; }
    public string Number { get; init; } = "";
    public Guid AccountId { get; init; }
    public Guid OpportunityId { get; init; }
    public string Title { get; init; } = "";
    public decimal Amount { get; init; }
    public string Currency { get; init; } = "";
    public string Status { get; init; } = "";
    public DateOnly? SignedAt { get; init; }
    public DateOnly? StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
}

/// <summary>GET /api/contracts?accountId=&amp;status=: newest first, keyset-paged, only visible accounts.</summary>
public static class ListContracts
{
    public static async Task<Ok<Page<ContractSummary>>> HandleAsync(
        Guid? accountId, string? status, int? limit, string? cursor, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (status is not null && !ContractStatus.All.Contains(status))
        {
            throw BadInput.Field("status", $"one of {string.Join(", ", ContractStatus.All)}");
        }

        var take = Paging.Limit(limit);
        var after = BadInput.CursorId(cursor);
        var parameters = new DynamicParameters(new { accountId, status, after, take = take + 1 });
        var from = ContractAccess.VisibleFrom(Caller.From(user), parameters);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<ContractSummary>(
            $"""
            SELECT c.id, c.number, c.account_id, c.opportunity_id, c.title, c.amount, c.currency, c.status, c.signed_at, c.start_date, c.end_date
            FROM {from}
              AND (@accountId::uuid IS NULL OR c.account_id = @accountId)
              AND (@status::text IS NULL OR c.status = @status)
              AND (@after::uuid IS NULL OR c.id < @after)
            ORDER BY c.id DESC LIMIT @take
            """, parameters)).AsList();
        return TypedResults.Ok(Paging.ToPage(rows, take, r => r.Id.ToString()));
    }
}
