using System.Security.Claims;
using KaPlatform.Opportunities.Api.DealExecution;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Lists;
using KaPlatform.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Opportunities;

/// <summary>A page of opportunities; with ?includeTotal=true also the count and the per-currency totals of the whole filtered list.</summary>
public sealed record OpportunityPage(IReadOnlyList<OpportunityResponse> Items, string? NextCursor, long? Total, IReadOnlyList<CurrencyTotal>? Totals);

/// <summary>
/// GET /api/opportunities?accountId=&amp;ownerId=&amp;stage=&amp;type=&amp;stuck=&amp;q=&amp;open=&amp;sort=&amp;includeTotal=: visible deals,
/// newest first unless ?sort= names a column, each with its readiness and stuck reasons. q is a substring of the
/// deal's or the account's name; open=true keeps the open stages.
/// </summary>
public static class ListOpportunities
{
    public static async Task<Ok<OpportunityPage>> HandleAsync(
        Guid? accountId, Guid? ownerId, [OneOf(typeof(OpportunityListFilter), nameof(OpportunityListFilter.StageFilter))] string? stage,
        [OneOf(typeof(Stages), nameof(Stages.Types))] string? type, bool? stuck, string? q, bool? open,
        [OneOf(typeof(OpportunityListFilter), nameof(OpportunityListFilter.Sorts))] string? sort, bool? includeTotal, int? limit, string? cursor,
        ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var filter = OpportunityListFilter.From(new OpportunityFilters(accountId, ownerId, stage, type, stuck, q, open, sort), Caller.From(user));
        var take = Paging.Limit(limit);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var totals = includeTotal == true ? await filter.TotalsAsync(connection, cancellationToken) : null;
        var rows = await filter.QueryAsync(connection, cursor, take + 1, cancellationToken);
        var page = Paging.ToPage(rows, take, r => filter.Sort.Key(r.SortKey, r.Id));
        var readiness = await StageGates.ReadinessAsync(connection, null, page.Items.ToList());
        var stuckReasons = await StuckDeals.ReasonsAsync(connection, null, page.Items.Select(r => r.Id).ToList());
        return TypedResults.Ok(new OpportunityPage(
            page.Items.Select(r => r.ToResponse(readiness[r.Id]) with { StuckDetails = stuckReasons.GetValueOrDefault(r.Id) ?? [] }).ToList(),
            page.NextCursor, totals?.Sum(t => t.Count), totals));
    }
}
