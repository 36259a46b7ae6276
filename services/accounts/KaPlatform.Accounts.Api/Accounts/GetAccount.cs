using System.Security.Claims;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Accounts;

/// <summary>GET /api/accounts/{id}: 404 both when it does not exist and when the caller may not see it (SPEC §6).</summary>
public static class GetAccount
{
    public static async Task<Results<Ok<AccountResponse>, NotFound>> HandleAsync(
        Guid id, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { id });
        var scope = AccountScope.Predicate(Caller.From(user), parameters);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var account = await connection.QuerySingleOrDefaultAsync<AccountResponse>(
            $"""
            SELECT id, name, region, owner_id, parent_id, team_user_ids, created_at, updated_at, version
            FROM accounts WHERE id = @id AND {scope}
            """, parameters);
        return account is null ? TypedResults.NotFound() : TypedResults.Ok(account);
    }
}
