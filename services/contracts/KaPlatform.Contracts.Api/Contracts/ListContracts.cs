using System.Security.Claims;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Contracts.Api.Contracts;

/// <summary>GET /api/contracts?accountId=&amp;status=: newest first, keyset-paged, only visible accounts.</summary>
public static class ListContracts
{
    public static async Task<Ok<Page<ContractRow>>> HandleAsync(
        Guid? accountId, [OneOf(typeof(ContractStatus), nameof(ContractStatus.All))] string? status, int? limit, string? cursor, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (status is not null && !ContractStatus.All.Contains(status))
        {
            throw FieldErrors.Invalid("status", $"one of {string.Join(", ", ContractStatus.All)}");
        }

        var take = Paging.Limit(limit);
        var after = Paging.DecodeId(cursor);
        var parameters = new DynamicParameters(new { accountId, status, after, take = take + 1 });
        var from = ContractAccess.VisibleFrom(Caller.From(user), parameters);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<ContractRow>(
            $"""
            SELECT {ContractRow.Columns}
            FROM {from}
              AND (@accountId::uuid IS NULL OR c.account_id = @accountId)
              AND (@status::text IS NULL OR c.status = @status)
              AND (@after::uuid IS NULL OR c.id < @after)
            ORDER BY c.id DESC LIMIT @take
            """, parameters)).AsList();
        return TypedResults.Ok(Paging.ToPage(rows, take, r => r.Id.ToString()));
    }
}
