using System.Security.Claims;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.Success.Api.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Success.Api.Reviews;

/// <summary>GET /api/success/accounts/{id}/reviews: a visible account's reviews, newest first, with their needs.</summary>
public static class ListReviews
{
    public static async Task<Ok<Page<ReviewResponse>>> HandleAsync(
        Guid id, int? limit, string? cursor, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var take = Paging.Limit(limit);
        var after = Paging.DecodeId(cursor);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await SuccessAccess.RequireVisibleAsync(connection, Caller.From(user), id);
        var reviews = (await connection.QueryAsync<(Guid Id, DateTime Date, int Satisfaction, string? Outcomes, string ServiceLevel, Guid CreatedBy)>(
            """
            SELECT id, date, satisfaction, outcomes, service_level, created_by FROM reviews
            WHERE account_id = @id AND (@after::uuid IS NULL OR id < @after::uuid) ORDER BY id DESC LIMIT @take
            """, new { id, after, take = take + 1 })).ToList();
        var needs = (await connection.QueryAsync<(Guid ReviewId, Guid Id, string Description, decimal? EstimatedValue, string Currency, Guid? OpportunityId)>(
            "SELECT review_id, id, description, estimated_value, currency, opportunity_id FROM review_needs WHERE review_id = ANY(@ids) ORDER BY id",
            new { ids = reviews.Select(r => r.Id).ToArray() })).ToLookup(n => n.ReviewId);
        var items = reviews.Select(r => new ReviewResponse(r.Id, id, DateOnly.FromDateTime(r.Date), r.Satisfaction, r.Outcomes, r.ServiceLevel,
            needs[r.Id].Select(n => new ReviewNeed(n.Id, n.Description, n.EstimatedValue, n.Currency, n.OpportunityId)).ToList(), r.CreatedBy)).ToList();
        return TypedResults.Ok(Paging.ToPage(items, take, r => r.Id.ToString()));
    }
}
