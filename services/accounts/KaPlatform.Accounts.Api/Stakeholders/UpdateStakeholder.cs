using System.Security.Claims;
using System.Text.Json;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Stakeholders;

/// <summary>
/// PATCH /api/accounts/{id}/stakeholders/{sid} with If-Match: members present change, `null` clears an optional one.
/// Stance, influence, behaviour style, preferences and interests go to the history; StakeholderUpdated carries the current state.
/// </summary>
public static class UpdateStakeholder
{
    private const string Update = $"""
        UPDATE stakeholders AS s SET name = @Name, title = @Title, department = @Department, reports_to_id = @ReportsToId,
            buying_roles = @BuyingRoles, influence = @Influence, stance = @Stance, relationship_closeness = @RelationshipCloseness,
            solution_acceptance = @SolutionAcceptance, price_acceptance = @PriceAcceptance, behavior_style = @BehaviorStyle,
            preferences = @Preferences, interests_at_stake = @InterestsAtStake, confidential = @Confidential,
            confidential_to = @ConfidentialTo, version = version + 1, updated_at = clock_timestamp()
        WHERE id = @Id
        RETURNING {Stakeholder.Columns}
        """;

    public static async Task<Ok<Stakeholder>> HandleAsync(
        Guid id, Guid sid, JsonElement body, ClaimsPrincipal user, HttpContext http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var request = RequestBody.Read<StakeholderFields>(body);
        T Pick<T>(string name, T requested, T current) => RequestBody.Has(body, name) ? requested : current;

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var account = await AccountAccess.LockForWriteAsync(work, caller, id, cancellationToken);
        var weights = await StakeholderStore.WeightsAsync(work.Connection, work.Transaction, cancellationToken);
        var current = await StakeholderStore.OneAsync(work.Connection, work.Transaction, id, sid, weights, cancellationToken, forUpdate: true);
        if (!ProtectedContacts.MaySee(caller, account.OwnerId, current))
        {
            // Who may not read a protected contact may not edit it either: to them its record does not exist.
            throw Missing.Of("stakeholder");
        }

        Concurrency.Check(http.Request, current.Version);
        if (current.Status != "active")
        {
            throw new BusinessRuleException("stakeholder_departed", "This person has left the customer; their record is history.");
        }

        var errors = new FieldErrors();
        var fields = new StakeholderFields(
            Pick("name", request.Name, current.Name),
            Pick("title", request.Title, current.Title),
            Pick("department", request.Department, current.Department),
            Pick("reportsToId", request.ReportsToId, current.ReportsToId),
            Pick("buyingRoles", request.BuyingRoles, current.BuyingRoles),
            Pick("influence", request.Influence, current.Influence),
            Pick("stance", request.Stance, current.Stance),
            Pick("relationshipCloseness", request.RelationshipCloseness, current.RelationshipCloseness),
            Pick("solutionAcceptance", request.SolutionAcceptance, current.SolutionAcceptance),
            Pick("priceAcceptance", request.PriceAcceptance, current.PriceAcceptance),
            Pick("behaviorStyle", request.BehaviorStyle, current.BehaviorStyle),
            Pick("preferences", request.Preferences, current.Preferences),
            Pick("interestsAtStake", request.InterestsAtStake, current.InterestsAtStake),
            Pick("confidential", request.Confidential, current.Confidential),
            Pick("confidentialTo", request.ConfidentialTo, current.ConfidentialTo)).Validated(errors).KeepingAuthorIn(caller, account.OwnerId);
        errors.Check(fields.RelationshipCloseness is not null && fields.SolutionAcceptance is not null && fields.PriceAcceptance is not null,
            "closeness", "relationshipCloseness, solutionAcceptance and priceAcceptance cannot be cleared (0..100).");
        errors.ThrowIfAny();
        if (fields.ReportsToId is { } managerId && managerId != current.ReportsToId)
        {
            await StakeholderFields.CheckReportsToAsync(work, id, sid, managerId, cancellationToken);
        }

        var updated = (await work.Connection.QuerySingleAsync<Stakeholder>(new CommandDefinition(
            Update, fields.Parameters(sid, id, caller.UserId), work.Transaction, cancellationToken: cancellationToken))).WithCloseness(weights)
            .WithTips(await StakeholderStore.StylesAsync(work.Connection, work.Transaction, cancellationToken));

        await StakeholderFields.RecordChangesAsync(work, current, updated, caller);
        await work.PublishAsync(new StakeholderUpdated(Guid.CreateVersion7(), DateTimeOffset.UtcNow, id, sid,
            updated.Confidential ? "" : updated.Name, updated.Confidential ? null : updated.Title,
            updated.BuyingRoles, updated.Influence, updated.Stance, updated.CompositeCloseness, updated.Confidential), cancellationToken);
        await work.AuditAsync(caller, "stakeholder", sid, "updated", new { before = current, after = updated }, cancellationToken);
        await work.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = Concurrency.ETag(updated.Version);
        return TypedResults.Ok(updated);
    }
}
