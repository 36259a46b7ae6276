using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Accounts.Api.Stakeholders;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Plans;

public sealed record TargetProgress(decimal? Target, decimal Actual, decimal? AttainmentPct);

public sealed record ProgressTargets(
    TargetProgress OpportunitiesIncubated, TargetProgress OpportunitiesCaptured, TargetProgress ContractAmount, TargetProgress CollectionAmount);

public sealed record RelationshipProgress(Guid StakeholderId, string? Name, string? Status, decimal TargetCloseness, decimal? CurrentCloseness, bool Met);

public sealed record PlanProgressView(Guid AccountId, int FiscalYear, string Status, string Currency, ProgressTargets Targets,
    IReadOnlyList<RelationshipProgress> RelationshipGoals);

/// <summary>
/// GET /api/accounts/{id}/plans/{fiscalYear}/progress: each target against its actual, fed by the other services'
/// events (plan_actuals), and each relationship goal against the stakeholder's closeness today.
/// </summary>
public static class PlanProgress
{
    private sealed class Actuals
    {
        public long Opened { get; init; }
        public long Won { get; init; }
        public decimal Signed { get; init; }
        public decimal Collected { get; init; }
    }

    public static async Task<Ok<PlanProgressView>> HandleAsync(
        Guid id, int fiscalYear, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var account = await AccountAccess.ReadAsync(connection, caller, id, cancellationToken);
        var plan = await PlanRow.LoadAsync(connection, null, id, fiscalYear, cancellationToken);
        // Amounts count in the plan's currency only: converting would need rates this service does not own.
        var actuals = await connection.QuerySingleAsync<Actuals>(new CommandDefinition(
            """
            SELECT count(*) FILTER (WHERE kind = 'opportunity_opened') AS opened,
                   count(*) FILTER (WHERE kind = 'opportunity_won') AS won,
                   coalesce(sum(amount) FILTER (WHERE kind = 'contract_signed' AND currency = @currency), 0) AS signed,
                   coalesce(sum(amount) FILTER (WHERE kind = 'payment_received' AND currency = @currency), 0) AS collected
            FROM plan_actuals WHERE account_id = @id AND fiscal_year = @fiscalYear
            """, new { id, fiscalYear, currency = plan.Currency }, cancellationToken: cancellationToken));

        var content = plan.Content;
        var targets = content.Targets ?? new PlanTargets(null, null, null, null);
        var progress = new ProgressTargets(
            Of(targets.OpportunitiesIncubated, actuals.Opened),
            Of(targets.OpportunitiesCaptured, actuals.Won),
            Of(targets.ContractAmount, actuals.Signed),
            Of(targets.CollectionAmount, actuals.Collected));

        var goals = content.RelationshipGoals ?? [];
        var ids = goals.Select(g => g.StakeholderId!.Value).Distinct().ToArray();
        var weights = await StakeholderStore.WeightsAsync(connection, null, cancellationToken);
        var people = (await connection.QueryAsync<Stakeholder>(new CommandDefinition(
                $"SELECT {Stakeholder.Columns} FROM stakeholders s WHERE s.account_id = @id AND s.id = ANY(@ids)", new { id, ids }, cancellationToken: cancellationToken)))
            .ToDictionary(s => s.Id, s => s.WithCloseness(weights));
        var relationships = goals.Select(g =>
        {
            var person = people.GetValueOrDefault(g.StakeholderId!.Value);
            // A departed person's closeness no longer helps us: the goal is open until it is re-targeted.
            var current = person is { Status: "active" } ? person.CompositeCloseness : (decimal?)null;
            // A protected contact's name stays with those who may see it (docs/product.md §8); the goal and closeness are figures.
            var name = person is not null && ProtectedContacts.MaySee(caller, account.OwnerId, person) ? person.Name : null;
            return new RelationshipProgress(g.StakeholderId!.Value, name, person?.Status, g.TargetCloseness!.Value, current, current >= g.TargetCloseness);
        }).ToList();
        return TypedResults.Ok(new PlanProgressView(id, fiscalYear, plan.Status, plan.Currency, progress, relationships));
    }

    private static TargetProgress Of(decimal? target, decimal actual) =>
        new(target, actual, target is > 0 ? Math.Round(actual / target.Value * 100, 1, MidpointRounding.AwayFromZero) : null);
}
