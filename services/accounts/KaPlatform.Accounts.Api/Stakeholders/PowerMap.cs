using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Stakeholders;

public sealed record PowerMapEdge(Guid From, Guid To, string Type);

public sealed record PowerMapCoverage(
    decimal SupportSurface, decimal OppositionShare, decimal CompositeCloseness, IReadOnlyList<Guid> KeyPersons,
    bool HasCoach, bool EconomicBuyerEngaged, IReadOnlyList<string> Gaps);

public sealed record PowerMapView(Guid AccountId, IReadOnlyList<Stakeholder> Nodes, IReadOnlyList<PowerMapEdge> Edges, PowerMapCoverage Coverage);

/// <summary>GET /api/accounts/{id}/power-map: the live decision chain and how well we cover it (SPEC §1.4).</summary>
public static class PowerMap
{
    public static readonly TimeSpan EngagementWindow = TimeSpan.FromDays(90);
    private static readonly string[] Support = ["ally", "supporter"];
    private static readonly string[] Opposition = ["skeptic", "misunderstander", "regressor", "opponent"];
    private static readonly string[] Buyers = ["economic_buyer", "decision_maker"];

    public static async Task<Ok<PowerMapView>> HandleAsync(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await AccountAccess.ReadAsync(connection, Caller.From(user), id, cancellationToken);
        var weights = await StakeholderStore.WeightsAsync(connection, null, cancellationToken);
        var nodes = await StakeholderStore.ActiveAsync(connection, null, id, weights, cancellationToken);
        var buyers = nodes.Where(n => Buyers.Any(n.Has)).Select(n => n.Id).ToArray();
        var now = DateTime.UtcNow;
        // Only the buyers' recent interactions matter: the GIN index on stakeholder_ids answers "any of these people".
        var engaged = buyers.Length > 0 && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            SELECT EXISTS (SELECT 1 FROM interactions
                           WHERE account_id = @id AND stakeholder_ids && @buyers AND occurred_at > @since AND occurred_at <= @now)
            """, new { id, buyers, since = now - EngagementWindow, now }, cancellationToken: cancellationToken));
        return TypedResults.Ok(Build(id, nodes, engaged));
    }

    public static PowerMapView Build(Guid accountId, IReadOnlyList<Stakeholder> nodes, bool economicBuyerEngaged)
    {
        var active = nodes.Select(n => n.Id).ToHashSet();
        var edges = nodes.Where(n => n.ReportsToId is { } m && active.Contains(m))
            .Select(n => new PowerMapEdge(n.Id, n.ReportsToId!.Value, "reportsTo")).ToList();
        decimal total = nodes.Sum(n => n.Influence);
        decimal Share(string[] stances) => total == 0 ? 0 : Math.Round(nodes.Where(n => stances.Contains(n.Stance)).Sum(n => n.Influence) / total, 4, MidpointRounding.AwayFromZero);
        var support = Share(Support);
        var hasCoach = nodes.Any(n => n.Has("coach") && Support.Contains(n.Stance));

        var gaps = new List<string>();
        void Gap(bool condition, string code)
        {
            if (condition)
            {
                gaps.Add(code);
            }
        }

        Gap(!nodes.Any(n => n.Has("economic_buyer")), "no_economic_buyer");
        Gap(!hasCoach, "no_coach");
        Gap(nodes.Any(n => Buyers.Any(n.Has)) && !economicBuyerEngaged, "economic_buyer_not_engaged");
        Gap(nodes.Any(n => n.Stance == "opponent" && n.Influence >= 4), "influential_opponent");
        Gap(support < 0.5m, "low_support");
        Gap(nodes.Count < 2, "single_threaded");

        var keyPersons = nodes.OrderByDescending(n => n.Influence).ThenByDescending(n => n.CompositeCloseness).ThenBy(n => n.Id).Select(n => n.Id).ToList();
        var coverage = new PowerMapCoverage(support, Share(Opposition), Stakeholder.AccountCloseness(nodes), keyPersons, hasCoach, economicBuyerEngaged, gaps);
        return new PowerMapView(accountId, nodes, edges, coverage);
    }
}
