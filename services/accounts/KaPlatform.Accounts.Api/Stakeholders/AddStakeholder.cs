using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Stakeholders;

/// <summary>POST /api/accounts/{id}/stakeholders: a person of the decision chain; starting stance and influence open the history.</summary>
public static class AddStakeholder
{
    private const string Insert = $"""
        INSERT INTO stakeholders AS s (id, account_id, name, title, department, reports_to_id, buying_roles, influence, stance,
            relationship_closeness, solution_acceptance, price_acceptance, behavior_style, preferences, interests_at_stake,
            confidential, confidential_to, created_by)
        VALUES (@Id, @AccountId, @Name, @Title, @Department, @ReportsToId, @BuyingRoles, @Influence, @Stance,
            @RelationshipCloseness, @SolutionAcceptance, @PriceAcceptance, @BehaviorStyle, @Preferences, @InterestsAtStake,
            @Confidential, @ConfidentialTo, @CreatedBy)
        RETURNING {Stakeholder.Columns}
        """;

    public static async Task<Created<Stakeholder>> HandleAsync(
        Guid id, StakeholderFields request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var errors = new FieldErrors();
        var fields = request.Validated(errors);
        errors.ThrowIfAny();

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var account = await AccountAccess.LockForWriteAsync(work, caller, id, cancellationToken);
        fields = fields.KeepingAuthorIn(caller, account.OwnerId);
        if (fields.ReportsToId is { } managerId)
        {
            await StakeholderFields.CheckReportsToAsync(work, id, null, managerId, cancellationToken);
        }

        var weights = await StakeholderStore.WeightsAsync(work.Connection, work.Transaction, cancellationToken);
        var styles = await StakeholderStore.StylesAsync(work.Connection, work.Transaction, cancellationToken);
        var stakeholder = (await work.Connection.QuerySingleAsync<Stakeholder>(new CommandDefinition(
            Insert, fields.Parameters(Guid.CreateVersion7(), id, caller.UserId), work.Transaction, cancellationToken: cancellationToken))).WithCloseness(weights).WithTips(styles);

        await StakeholderFields.RecordChangesAsync(work, null, stakeholder, caller);
        // Downstream projections never learn a protected contact's name or title (docs/product.md §8); their figures still travel.
        await work.PublishAsync(new StakeholderAdded(Guid.CreateVersion7(), DateTimeOffset.UtcNow, id, stakeholder.Id,
            stakeholder.Confidential ? "" : stakeholder.Name, stakeholder.Confidential ? null : stakeholder.Title,
            stakeholder.BuyingRoles, stakeholder.Influence, stakeholder.Stance, stakeholder.CompositeCloseness, stakeholder.Confidential), cancellationToken);
        await work.AuditAsync(caller, "stakeholder", stakeholder.Id, "added", stakeholder, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/accounts/{id}/stakeholders/{stakeholder.Id}", stakeholder);
    }
}
