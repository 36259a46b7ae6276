using System.Text.Json;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Npgsql;

namespace KaPlatform.Accounts.Api.Plans;

public sealed record CustomerGoal(string? Horizon, string? Text);

public sealed record PlanDriver(string? Factor, decimal? Volume);

public sealed record RelationshipGoal(Guid? StakeholderId, decimal? TargetCloseness);

public sealed record PlanTargets(int? OpportunitiesIncubated, int? OpportunitiesCaptured, decimal? ContractAmount, decimal? CollectionAmount);

public sealed record PlanAction(string? Title, Guid? OwnerId, DateOnly? DueDate, string? Status);

/// <summary>What an account plan says (docs/product.md §1.6); stored as one JSON document, PATCHed member by member.</summary>
public sealed record PlanContent(
    string? IndustryAnalysis,
    IReadOnlyList<CustomerGoal>? CustomerGoals,
    IReadOnlyList<string>? Priorities,
    IReadOnlyList<PlanDriver>? Drivers,
    IReadOnlyList<RelationshipGoal>? RelationshipGoals,
    PlanTargets? Targets,
    IReadOnlyList<PlanAction>? Actions)
{
    public static readonly string[] Members = ["industryAnalysis", "customerGoals", "priorities", "drivers", "relationshipGoals", "targets", "actions"];
    private const decimal MaxMoney = 1_000_000_000_000m;

    internal PlanContent Validated(FieldErrors errors)
    {
        var analysis = errors.Text("industryAnalysis", IndustryAnalysis, 20_000);
        errors.Count("customerGoals", CustomerGoals, 50);
        errors.Count("priorities", Priorities, 50);
        errors.Count("drivers", Drivers, 50);
        errors.Count("relationshipGoals", RelationshipGoals, 200);
        errors.Count("actions", Actions, 200);
        var goals = Each(CustomerGoals, (g, at) => new CustomerGoal(
            errors.OneOf($"{at}.horizon", g.Horizon, Values.Horizons, required: true), errors.Text($"{at}.text", g.Text, 2_000, required: true)), "customerGoals", errors);
        var priorities = (Priorities ?? []).Select((p, i) => errors.Text($"priorities[{i}]", p, 500, required: true)).OfType<string>().ToList();
        var drivers = Each(Drivers, (d, at) =>
        {
            errors.Range($"{at}.volume", d.Volume, 0, MaxMoney, required: true);
            return d with { Factor = errors.Text($"{at}.factor", d.Factor, 200, required: true) };
        }, "drivers", errors);
        var relationships = Each(RelationshipGoals, (r, at) =>
        {
            errors.Check(r.StakeholderId is { } s && s != Guid.Empty, $"{at}.stakeholderId", "is required.");
            errors.Range($"{at}.targetCloseness", r.TargetCloseness, 0, 100, required: true);
            return r;
        }, "relationshipGoals", errors);
        if (Targets is { } t)
        {
            errors.Range("targets.opportunitiesIncubated", t.OpportunitiesIncubated, 0, 100_000);
            errors.Range("targets.opportunitiesCaptured", t.OpportunitiesCaptured, 0, 100_000);
            errors.Range("targets.contractAmount", t.ContractAmount, 0, MaxMoney);
            errors.Range("targets.collectionAmount", t.CollectionAmount, 0, MaxMoney);
        }

        var actions = Each(Actions, (a, at) =>
        {
            errors.NotEmpty($"{at}.ownerId", a.OwnerId);
            return new PlanAction(errors.Text($"{at}.title", a.Title, 500, required: true), a.OwnerId, a.DueDate,
                errors.OneOf($"{at}.status", a.Status ?? "todo", Values.ActionStatuses));
        }, "actions", errors);
        return new PlanContent(analysis, goals, priorities, drivers, relationships, Targets, actions);
    }

    private static List<T> Each<T>(IReadOnlyList<T?>? items, Func<T, string, T> check, string field, FieldErrors errors) where T : class
    {
        var result = new List<T>();
        for (var i = 0; items is not null && i < items.Count; i++)
        {
            if (items[i] is { } item)
            {
                result.Add(check(item, $"{field}[{i}]"));
            }
            else
            {
                errors.Add($"{field}[{i}]", "cannot be null.");
            }
        }

        return result;
    }

    /// <summary>Relationship goals name people of this account's decision chain.</summary>
    internal async Task CheckStakeholdersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid accountId, CancellationToken cancellationToken)
    {
        var ids = (RelationshipGoals ?? []).Select(g => g.StakeholderId!.Value).Distinct().ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        var known = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM stakeholders WHERE account_id = @accountId AND id = ANY(@ids)", new { accountId, ids }, transaction, cancellationToken: cancellationToken));
        if (known != ids.Length)
        {
            throw new BusinessRuleException("unknown_stakeholder", "Every relationshipGoals[].stakeholderId must be a stakeholder of this account.");
        }
    }

    internal string ToJson() => JsonSerializer.Serialize(this, Json.Options);
}

public sealed record PlanReview(Guid Id, int Quarter, string Notes, string? Adjustments, Guid ReviewedBy, DateTime ReviewedAt);

public sealed record AccountPlanView(
    Guid Id, Guid AccountId, int FiscalYear, string Status, string Currency,
    string? IndustryAnalysis, IReadOnlyList<CustomerGoal> CustomerGoals, IReadOnlyList<string> Priorities, IReadOnlyList<PlanDriver> Drivers,
    IReadOnlyList<RelationshipGoal> RelationshipGoals, PlanTargets Targets, IReadOnlyList<PlanAction> Actions,
    Guid? ApprovedBy, DateTime? ApprovedAt, IReadOnlyList<PlanReview> Reviews, DateTime CreatedAt, DateTime UpdatedAt, int Version);

/// <summary>The plan row as stored; content is the JSON document.</summary>
internal sealed class PlanRow
{
    public const string Columns = "p.id, p.account_id, p.fiscal_year, p.status, p.currency, p.content::text AS content_json, p.approved_by, p.approved_at, p.created_at, p.updated_at, p.version";

    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public int FiscalYear { get; init; }
    public string Status { get; init; } = "draft";
    public string Currency { get; init; } = "CNY";
    public string ContentJson { get; init; } = "{}";
    public Guid? ApprovedBy { get; init; }
    public DateTime? ApprovedAt { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }

    public PlanContent Content => JsonSerializer.Deserialize<PlanContent>(ContentJson, Json.Options)!;

    public static async Task<PlanRow> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid accountId, int fiscalYear,
        CancellationToken cancellationToken, bool forUpdate = false) =>
        await connection.QuerySingleOrDefaultAsync<PlanRow>(new CommandDefinition(
            $"SELECT {Columns} FROM account_plans p WHERE p.account_id = @accountId AND p.fiscal_year = @fiscalYear{(forUpdate ? " FOR UPDATE" : "")}",
            new { accountId, fiscalYear }, transaction, cancellationToken: cancellationToken))
        ?? throw Missing.Of("plan for this fiscal year");

    public async Task<AccountPlanView> ViewAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var reviews = (await connection.QueryAsync<PlanReview>(new CommandDefinition(
            "SELECT id, quarter, notes, adjustments, reviewed_by AS reviewedby, reviewed_at AS reviewedat FROM plan_reviews WHERE plan_id = @Id ORDER BY reviewed_at, id",
            new { Id }, transaction, cancellationToken: cancellationToken))).ToList();
        var c = Content;
        return new AccountPlanView(Id, AccountId, FiscalYear, Status, Currency, c.IndustryAnalysis, c.CustomerGoals ?? [], c.Priorities ?? [],
            c.Drivers ?? [], c.RelationshipGoals ?? [], c.Targets ?? new PlanTargets(null, null, null, null), c.Actions ?? [],
            ApprovedBy, ApprovedAt, reviews, CreatedAt, UpdatedAt, Version);
    }
}
