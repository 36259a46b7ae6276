using System.Security.Claims;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Bids;

/// <summary>GET /api/bids/{bidId}, with its ETag for PATCH.</summary>
public static class GetBid
{
    public static async Task<Ok<BidResponse>> HandleAsync(Guid bidId, ClaimsPrincipal user, HttpResponse http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var bid = Access.Found(await BidStore.FindAsync(connection, null, Caller.From(user), bidId));
        http.Headers.ETag = Concurrency.ETag(bid.Version);
        return TypedResults.Ok(bid);
    }
}
