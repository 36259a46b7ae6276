using System.Security.Claims;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Data;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Accounts;

/// <summary>GET /api/accounts/{id}: 404 both when it does not exist and when the caller may not see it (docs/product.md §6).</summary>
public static class GetAccount
{
    public static async Task<Ok<AccountResponse>> HandleAsync(
        Guid id, ClaimsPrincipal user, HttpResponse response, [FromKeyedServices(DatabaseSetup.PointLookups)] NpgsqlDataSource db,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var account = await AccountAccess.ReadAsync(connection, Caller.From(user), id, cancellationToken);
        response.Headers.ETag = Concurrency.ETag(account.Version);
        return TypedResults.Ok(account);
    }
}
