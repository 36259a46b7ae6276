using System.Security.Claims;
using Dapper;
using KaPlatform.Opportunities.Api.Opportunities;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Targets;

public sealed record FunnelStage(string Stage, int Reached, decimal? ConversionToNext);

public sealed record FunnelResponse(string Period, DateOnly From, DateOnly To, Guid? OwnerId, int Opened, int Lost, IReadOnlyList<FunnelStage> Stages)
{
    /// <summary>docs/product.md §9: only deals with a line of this family.</summary>
    public string? ProductFamily { get; init; }
}

/// <summary>
/// GET /api/funnel?period=&amp;ownerId=: the opportunities opened in the period, and for each stage of the path how
/// many reached it (per the stage history: a deal that jumped a stage counts as having passed it) and the share of
/// those that went on to the next.
/// </summary>
public static class Funnel
{
    public static async Task<Ok<FunnelResponse>> HandleAsync(
        string? period, Guid? ownerId, string? productFamily, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var p = Period.Parse(period);
        var caller = Caller.From(user);
        ownerId = Forecast.DefaultOwner(caller, ownerId);
        var family = string.IsNullOrWhiteSpace(productFamily) ? null : productFamily.Trim();
        var parameters = new DynamicParameters(new { ps = p.Start, pe = p.End, ownerId, funnel = Opportunities.Stages.Funnel, family });
        var source = Forecast.Source(caller, parameters);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var furthest = (await connection.QueryAsync<(int Rank, int Count, int Lost)>(
            $"""
            SELECT furthest, count(*)::int, count(*) FILTER (WHERE lost)::int FROM (
                SELECT max(array_position(@funnel, h.to_stage)) AS furthest, bool_or(h.to_stage = 'lost') AS lost
                FROM {source.From} JOIN opportunity_stage_history h ON h.opportunity_id = o.id
                WHERE {source.Where} AND o.opened_on BETWEEN @ps AND @pe AND (@ownerId::uuid IS NULL OR o.owner_id = @ownerId)
                  AND (@family::text IS NULL OR EXISTS (SELECT 1 FROM opportunity_lines l WHERE l.opportunity_id = o.id AND l.family = @family))
                GROUP BY o.id) reached
            GROUP BY furthest
            """, parameters)).ToList();

        var stages = Opportunities.Stages.Funnel;
        var reached = stages.Select((_, i) => furthest.Where(f => f.Rank >= i + 1).Sum(f => f.Count)).ToArray();
        var conversion = stages.Select((s, i) => new FunnelStage(s, reached[i],
            i == stages.Length - 1 || reached[i] == 0 ? null : Math.Round((decimal)reached[i + 1] / reached[i], 4))).ToList();
        var funnel = new FunnelResponse(p.Text, p.Start, p.End, ownerId, reached[0], furthest.Sum(f => f.Lost), conversion) { ProductFamily = family };
        return TypedResults.Ok(funnel);
    }
}
