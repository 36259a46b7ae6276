using System.Security.Claims;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.AccountDirectory;

/// <summary>What this service knows of an account, under the same visibility rule as accounts-api (unseen → 404).</summary>
public static class GetDirectoryAccount
{
    public static async Task<Results<Ok<DirectoryAccount>, NotFound>> HandleAsync(
        Guid id, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { id });
        var scope = AccountScope.Predicate(Caller.From(user), parameters);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var account = await connection.QuerySingleOrDefaultAsync<DirectoryAccount>(
            $"SELECT id, name, region, owner_id, parent_id, team_user_ids, as_of FROM account_directory WHERE id = @id AND {scope}",
            parameters);
        return account is null ? TypedResults.NotFound() : TypedResults.Ok(account);
    }
}
