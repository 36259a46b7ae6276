using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.InfluenceLinks;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Stakeholders;

/// <summary>An edge of the map: `reportsTo`, or an influence link's kind with its strength and id (docs/product.md §8).</summary>
public sealed record PowerMapEdge(Guid From, Guid To, string Type, int? Strength = null, Guid? LinkId = null);

public sealed record PowerMapCoverage(
    decimal SupportSurface, decimal OppositionShare, decimal CompositeCloseness, IReadOnlyList<Guid> KeyPersons,
    bool HasCoach, bool EconomicBuyerEngaged, IReadOnlyList<string> Gaps);

/// <summary>部门紧密度 (docs/product.md §8): one department's people, influence, closeness and support. Department null: none given.</summary>
public sealed record DepartmentFigures(string? Department, int Stakeholders, int Influence, decimal CompositeCloseness, decimal SupportSurface);

/// <summary>Nodes are stakeholders, or protected figures (<see cref="ProtectedStakeholder"/>) for a reader who may not see them.</summary>
public sealed record PowerMapView(
    Guid AccountId, IReadOnlyList<object> Nodes, IReadOnlyList<PowerMapEdge> Edges, PowerMapCoverage Coverage, IReadOnlyList<DepartmentFigures> Departments);

/// <summary>GET /api/accounts/{id}/power-map: the live decision chain and how well we cover it (docs/product.md §1.4, §8).</summary>
public static class PowerMap
{
    public static readonly TimeSpan EngagementWindow = TimeSpan.FromDays(90);
    private static readonly string[] Support = ["ally", "supporter"];
    private static readonly string[] Opposition = ["skeptic", "misunderstander", "regressor", "opponent"];
    private static readonly string[] Buyers = ["economic_buyer", "decision_maker"];

    public static async Task<Ok<PowerMapView>> HandleAsync(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var account = await AccountAccess.ReadAsync(connection, caller, id, cancellationToken);
        var weights = await StakeholderStore.WeightsAsync(connection, null, cancellationToken);
        var styles = await StakeholderStore.StylesAsync(connection, null, cancellationToken);
        var nodes = (await StakeholderStore.ActiveAsync(connection, null, id, weights, cancellationToken)).Select(n => n.WithTips(styles)).ToList();
        var buyers = nodes.Where(n => Buyers.Any(n.Has)).Select(n => n.Id).ToArray();
        var now = DateTime.UtcNow;
        // Only the buyers' recent interactions matter: the GIN index on stakeholder_ids answers "any of these people".
        var engaged = buyers.Length > 0 && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            SELECT EXISTS (SELECT 1 FROM interactions
                           WHERE account_id = @id AND stakeholder_ids && @buyers AND occurred_at > @since AND occurred_at <= @now)
            """, new { id, buyers, since = now - EngagementWindow, now }, cancellationToken: cancellationToken));
        var links = await ListInfluenceLinks.ReadAsync(connection, caller, "l.account_id = @id", new DynamicParameters(new { id }), cancellationToken);
        var map = Build(id, nodes, engaged, links);
        // Coverage and departments are computed on everyone; only what each node shows depends on the reader.
        return TypedResults.Ok(map with
        {
            Nodes = nodes.Select(n => ProtectedContacts.Show(caller, account.OwnerId, n)).ToList(),
            Departments = Departments(nodes.Select(n => ProtectedContacts.MaySee(caller, account.OwnerId, n) ? n : n.WithoutDepartment()).ToList()),
        });
    }

    public static PowerMapView Build(Guid accountId, IReadOnlyList<Stakeholder> nodes, bool economicBuyerEngaged, IReadOnlyList<InfluenceLink>? links = null)
    {
        var active = nodes.Select(n => n.Id).ToHashSet();
        var edges = nodes.Where(n => n.ReportsToId is { } m && active.Contains(m))
            .Select(n => new PowerMapEdge(n.Id, n.ReportsToId!.Value, "reportsTo"))
            .Concat((links ?? []).Where(l => active.Contains(l.FromId) && active.Contains(l.ToId))
                .Select(l => new PowerMapEdge(l.FromId, l.ToId, l.Kind, l.Strength, l.Id)))
            .ToList();
        var support = Share(nodes, Support);
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
        var coverage = new PowerMapCoverage(support, Share(nodes, Opposition), Stakeholder.AccountCloseness(nodes), keyPersons, hasCoach, economicBuyerEngaged, gaps);
        return new PowerMapView(accountId, nodes, edges, coverage, Departments(nodes));
    }

    /// <summary>Per department, ordered by influence then name; the figures are those of the account, within the department.</summary>
    public static IReadOnlyList<DepartmentFigures> Departments(IReadOnlyList<Stakeholder> nodes) =>
        nodes.GroupBy(n => string.IsNullOrWhiteSpace(n.Department) ? null : n.Department.Trim())
            .Select(g => new DepartmentFigures(g.Key, g.Count(), g.Sum(n => n.Influence), Stakeholder.AccountCloseness(g.ToList()), Share(g.ToList(), Support)))
            .OrderByDescending(d => d.Influence).ThenBy(d => d.Department ?? "\uffff", StringComparer.Ordinal).ToList();

    private static decimal Share(IReadOnlyCollection<Stakeholder> nodes, string[] stances)
    {
        decimal total = nodes.Sum(n => n.Influence);
        return total == 0 ? 0 : Math.Round(nodes.Where(n => stances.Contains(n.Stance)).Sum(n => n.Influence) / total, 4, MidpointRounding.AwayFromZero);
    }
}
