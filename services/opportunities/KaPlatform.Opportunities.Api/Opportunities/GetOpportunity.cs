using System.Security.Claims;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Data;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Opportunities;

/// <summary>GET /api/opportunities/{id}: the deal with its readiness for every gate and its stage history; ETag for PATCH.</summary>
public static class GetOpportunity
{
    public static async Task<Ok<OpportunityResponse>> HandleAsync(
        Guid id, ClaimsPrincipal user, HttpResponse http, [FromKeyedServices(DatabaseSetup.PointLookups)] NpgsqlDataSource db,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var row = Access.Found(await OpportunityStore.FindAsync(connection, null, Caller.From(user), id));
        http.Headers.ETag = Concurrency.ETag(row.Version);
        return TypedResults.Ok(await OpportunityStore.RespondAsync(connection, null, row, withHistory: true));
    }
}
