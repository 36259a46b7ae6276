using System.Globalization;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.ServiceDefaults.Problems;

namespace KaPlatform.Accounts.Api.Stakeholders;

/// <summary>The editable fields of a stakeholder, validated alike by POST and PATCH.</summary>
public sealed record StakeholderFields(
    string? Name, string? Title, string? Department, Guid? ReportsToId, [property: OneOf(typeof(Values), nameof(Values.BuyingRoles))] IReadOnlyList<string>? BuyingRoles, int? Influence,
    [property: OneOf(typeof(Values), nameof(Values.Stances))] string? Stance, decimal? RelationshipCloseness, decimal? SolutionAcceptance, decimal? PriceAcceptance,
    string? BehaviorStyle, string? Preferences, string? InterestsAtStake, bool? Confidential = null, IReadOnlyList<Guid>? ConfidentialTo = null)
{
    private const int MaxConfidentialTo = 50;

    private const int LongText = 4000;

    internal StakeholderFields Validated(FieldErrors errors)
    {
        errors.NotEmpty("reportsToId", ReportsToId);
        errors.Count("buyingRoles", BuyingRoles, Values.BuyingRoles.Length);
        foreach (var role in BuyingRoles ?? [])
        {
            errors.OneOf("buyingRoles", role, Values.BuyingRoles);
        }

        errors.Range("influence", Influence, 1, 5, required: true);
        errors.Range("relationshipCloseness", RelationshipCloseness, 0, 100);
        errors.Range("solutionAcceptance", SolutionAcceptance, 0, 100);
        errors.Range("priceAcceptance", PriceAcceptance, 0, 100);
        errors.Count("confidentialTo", ConfidentialTo, MaxConfidentialTo);
        errors.Check(ConfidentialTo?.All(u => u != Guid.Empty) ?? true, "confidentialTo", "must be non-empty UUIDs (our users).");
        return this with
        {
            Name = errors.Text("name", Name, 200, required: true),
            Title = errors.Text("title", Title, 200),
            Department = errors.Text("department", Department, 200),
            BuyingRoles = (BuyingRoles ?? []).Distinct().ToList(),
            Stance = errors.OneOf("stance", Stance, Values.Stances, required: true),
            BehaviorStyle = errors.OneOf("behaviorStyle", BehaviorStyle, BehaviorStyles.Styles),
            Preferences = errors.Text("preferences", Preferences, LongText),
            InterestsAtStake = errors.Text("interestsAtStake", InterestsAtStake, LongText),
            ConfidentialTo = (ConfidentialTo ?? []).Distinct().ToList(),
        };
    }

    /// <summary>The SQL parameters of a stakeholder row (Dapper sends only those the statement names).</summary>
    internal DynamicParameters Parameters(Guid id, Guid accountId, Guid actor) =>
        new(new
        {
            Id = id,
            AccountId = accountId,
            Name,
            Title,
            Department,
            ReportsToId,
            BuyingRoles = (BuyingRoles ?? []).ToArray(),
            Influence,
            Stance,
            RelationshipCloseness = RelationshipCloseness ?? 0,
            SolutionAcceptance = SolutionAcceptance ?? 0,
            PriceAcceptance = PriceAcceptance ?? 0,
            BehaviorStyle,
            Preferences,
            InterestsAtStake,
            Confidential = Confidential ?? false,
            ConfidentialTo = (ConfidentialTo ?? []).ToArray(),
            CreatedBy = actor,
        });

    /// <summary>
    /// A manager is an active stakeholder of the same account, and following the line upwards from them must never
    /// come back to this person (docs/product.md §1.3: no cycles). The account row is locked, so concurrent edits queue.
    /// </summary>
    internal static async Task CheckReportsToAsync(UnitOfWork work, Guid accountId, Guid? stakeholderId, Guid managerId, CancellationToken cancellationToken)
    {
        var exists = await work.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM stakeholders WHERE id = @managerId AND account_id = @accountId AND status = 'active')",
            new { managerId, accountId }, work.Transaction, cancellationToken: cancellationToken));
        if (!exists)
        {
            throw new BusinessRuleException("unknown_reports_to", "reportsToId must be an active stakeholder of the same account.");
        }

        if (stakeholderId is not { } self)
        {
            return;
        }

        var cycle = managerId == self || await work.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            WITH RECURSIVE up (id, reports_to_id, depth) AS (
                SELECT id, reports_to_id, 1 FROM stakeholders WHERE id = @managerId
                UNION ALL
                SELECT s.id, s.reports_to_id, up.depth + 1 FROM stakeholders s JOIN up ON s.id = up.reports_to_id WHERE up.depth < 1000)
            SELECT EXISTS (SELECT 1 FROM up WHERE id = @self)
            """, new { managerId, self }, work.Transaction, cancellationToken: cancellationToken));
        if (cycle)
        {
            throw new BusinessRuleException("reporting_cycle", "This reporting line would make the person their own manager.",
                extensions: new Dictionary<string, object?> { ["reportsToId"] = managerId });
        }
    }

    /// <summary>
    /// A reader who is not the owner or an admin and marks someone protected is added to confidentialTo: nobody
    /// locks themselves out of the contact they are protecting.
    /// </summary>
    internal StakeholderFields KeepingAuthorIn(Caller caller, Guid accountOwnerId) =>
        Confidential == true && !ProtectedContacts.MayAlwaysSee(caller, accountOwnerId) && !(ConfidentialTo ?? []).Contains(caller.UserId)
            ? this with { ConfidentialTo = [.. ConfidentialTo ?? [], caller.UserId] }
            : this;

    /// <summary>
    /// The history of docs/product.md §8: stance, influence, behaviour style, preferences and interests. A new person opens the
    /// history with their stance and influence; the other three enter it when they change.
    /// </summary>
    internal static async Task RecordChangesAsync(UnitOfWork work, Stakeholder? before, Stakeholder after, Caller caller)
    {
        async Task Track(string field, string? old, string? now, bool opening)
        {
            // new_value is NOT NULL: a cleared text is recorded as "".
            if (old != now && (before is not null || opening))
            {
                await RecordHistoryAsync(work, after.Id, field, old, now ?? "", caller);
            }
        }

        await Track("stance", before?.Stance, after.Stance, opening: true);
        await Track("influence", before?.Influence.ToString(CultureInfo.InvariantCulture), after.Influence.ToString(CultureInfo.InvariantCulture), opening: true);
        await Track("behaviorStyle", before?.BehaviorStyle, after.BehaviorStyle, opening: false);
        await Track("preferences", before?.Preferences, after.Preferences, opening: false);
        await Track("interestsAtStake", before?.InterestsAtStake, after.InterestsAtStake, opening: false);
    }

    private static Task RecordHistoryAsync(UnitOfWork work, Guid stakeholderId, string field, string? oldValue, string newValue, Caller caller) =>
        work.Connection.ExecuteAsync(
            "INSERT INTO stakeholder_history (id, stakeholder_id, field, old_value, new_value, changed_by) VALUES (@Id, @stakeholderId, @field, @oldValue, @newValue, @UserId)",
            new { Id = Guid.CreateVersion7(), stakeholderId, field, oldValue, newValue, caller.UserId }, work.Transaction);
}
