using System.Security.Claims;
using Dapper;
using KaPlatform.Opportunities.Api.Common;
using KaPlatform.Opportunities.Api.DealExecution;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Opportunities;

/// <summary>GET /api/opportunities?accountId=&amp;ownerId=&amp;stage=&amp;type=&amp;stuck=: visible deals, newest first, each with its readiness and stuck reasons.</summary>
public static class ListOpportunities
{
    private static readonly string[] StageFilter = [.. Stages.Open, Stages.Won, Stages.Lost];

    public static async Task<Ok<Page<OpportunityResponse>>> HandleAsync(
        Guid? accountId, Guid? ownerId, [OneOf(typeof(ListOpportunities), nameof(StageFilter))] string? stage,
        [OneOf(typeof(Stages), nameof(Stages.Types))] string? type, bool? stuck, int? limit, string? cursor,
        ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        new Validation().OneOf(stage, StageFilter, "stage", required: false)
            .OneOf(type, Stages.Types, "type", required: false).ThrowIfAny();
        var take = Paging.Limit(limit);
        var after = Paging.Decode(cursor);
        new Validation().Check(after is null || Guid.TryParse(after, out _), "cursor", "not a valid cursor").ThrowIfAny();

        var parameters = new DynamicParameters(new { accountId, ownerId, stage, type, after, take = take + 1 });
        var scope = AccountScope.Predicate(Caller.From(user), parameters, "d");
        var stuckFilter = stuck is { } wanted ? $"AND {(wanted ? "" : "NOT ")}{StuckDeals.Predicate(parameters)}" : "";
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<OpportunityRow>(
            $"""
            SELECT {OpportunityRow.Columns} FROM opportunities o JOIN account_directory d ON d.id = o.account_id
            WHERE {scope}
              AND (@accountId::uuid IS NULL OR o.account_id = @accountId) AND (@ownerId::uuid IS NULL OR o.owner_id = @ownerId)
              AND (@stage::text IS NULL OR o.stage = @stage) AND (@type::text IS NULL OR o.type = @type)
              AND (@after::uuid IS NULL OR o.id < @after::uuid) {stuckFilter}
            ORDER BY o.id DESC LIMIT @take
            """, parameters)).ToList();
        var page = Paging.ToPage(rows, take, r => r.Id.ToString());
        var readiness = await StageGates.ReadinessAsync(connection, null, page.Items.ToList());
        var stuckReasons = await StuckDeals.ReasonsAsync(connection, null, page.Items.Select(r => r.Id).ToList());
        return TypedResults.Ok(new Page<OpportunityResponse>(
            page.Items.Select(r => r.ToResponse(readiness[r.Id]) with { StuckDetails = stuckReasons.GetValueOrDefault(r.Id) ?? [] }).ToList(), page.NextCursor));
    }
}
