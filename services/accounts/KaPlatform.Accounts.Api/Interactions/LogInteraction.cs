using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Accounts.Api.Stakeholders;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Interactions;

public sealed record LogInteractionRequest(
    [property: OneOf(typeof(Values), nameof(Values.InteractionKinds))] string? Kind, DateTimeOffset? OccurredAt, IReadOnlyList<Guid>? StakeholderIds, IReadOnlyList<Guid>? OurAttendees,
    string? Summary, IReadOnlyList<string>? Topics, string? NextSteps);

/// <summary>POST /api/accounts/{id}/interactions: what was said, with whom, and what comes next.</summary>
public static class LogInteraction
{
    private const string Insert = $"""
        WITH i AS (
            INSERT INTO interactions (id, account_id, kind, occurred_at, stakeholder_ids, our_attendees, summary, topics, next_steps, search_text, created_by)
            VALUES (@Id, @AccountId, @Kind, @OccurredAt, @StakeholderIds, @OurAttendees, @Summary, @Topics, @NextSteps, @SearchText, @CreatedBy)
            RETURNING *)
        SELECT {Interaction.Columns} FROM i JOIN accounts a ON a.id = i.account_id
        """;

    public static async Task<Created<Interaction>> HandleAsync(
        Guid id, LogInteractionRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var errors = new FieldErrors();
        errors.OneOf("kind", request.Kind, Values.InteractionKinds, required: true);
        errors.Check(request.OccurredAt is not null, "occurredAt", "is required (ISO-8601 instant).");
        var summary = errors.Text("summary", request.Summary, 20_000, required: true);
        var nextSteps = errors.Text("nextSteps", request.NextSteps, 4_000);
        errors.Count("stakeholderIds", request.StakeholderIds, 100);
        errors.Count("ourAttendees", request.OurAttendees, 100);
        errors.Count("topics", request.Topics, 30);
        errors.Check(request.StakeholderIds?.All(s => s != Guid.Empty) ?? true, "stakeholderIds", "must be non-empty UUIDs.");
        errors.Check(request.OurAttendees?.All(s => s != Guid.Empty) ?? true, "ourAttendees", "must be non-empty UUIDs (our users).");
        var topics = (request.Topics ?? []).Select((t, i) => errors.Text($"topics[{i}]", t, 100, required: true)).OfType<string>().Distinct().ToArray();
        errors.ThrowIfAny();

        var stakeholderIds = request.StakeholderIds?.Distinct().ToArray() ?? [];
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await AccountAccess.LockForWriteAsync(work, caller, id, cancellationToken);
        // A protected contact the caller may not see is unknown to them: they cannot write their conversations either.
        var parameters = new DynamicParameters(new { id, stakeholderIds });
        var hidden = ProtectedContacts.HiddenSql(caller, parameters, "s", "a");
        var known = await work.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT count(*) FROM stakeholders s JOIN accounts a ON a.id = s.account_id WHERE s.account_id = @id AND s.id = ANY(@stakeholderIds) AND NOT {hidden}",
            parameters, work.Transaction, cancellationToken: cancellationToken));
        if (known != stakeholderIds.Length)
        {
            throw new BusinessRuleException("unknown_stakeholder", "Every stakeholderId must be a stakeholder of this account.");
        }

        var interaction = await work.Connection.QuerySingleAsync<Interaction>(new CommandDefinition(Insert, new
        {
            Id = Guid.CreateVersion7(),
            AccountId = id,
            request.Kind,
            OccurredAt = request.OccurredAt!.Value.UtcDateTime,
            StakeholderIds = stakeholderIds,
            OurAttendees = request.OurAttendees?.Distinct().ToArray() ?? [],
            Summary = summary,
            Topics = topics,
            NextSteps = nextSteps,
            SearchText = string.Join('\n', [summary!, .. topics, nextSteps ?? ""]),
            CreatedBy = caller.UserId,
        }, work.Transaction, cancellationToken: cancellationToken));

        await work.PublishAsync(new InteractionLogged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, id, interaction.Id, interaction.Kind,
            request.OccurredAt.Value.ToUniversalTime(), stakeholderIds), cancellationToken);
        await work.AuditAsync(caller, "interaction", interaction.Id, "logged", interaction, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/accounts/{id}/interactions?id={interaction.Id}", interaction);
    }
}
