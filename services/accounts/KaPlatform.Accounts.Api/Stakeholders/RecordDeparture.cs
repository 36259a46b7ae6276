using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Stakeholders;

public sealed record DepartureRequest(DateOnly? LeftAt, Guid? MovedToAccountId, string? Note);

/// <summary>
/// POST /api/accounts/{id}/stakeholders/{sid}/departure: the person left the customer. They stay in the history and
/// off the live power map; StakeholderDeparted tells customer success (a departed champion is a risk).
/// </summary>
public static class RecordDeparture
{
    private const string Depart = $"""
        UPDATE stakeholders AS s SET status = 'departed', left_at = @LeftAt::date, moved_to_account_id = @MovedToAccountId,
            departure_note = @Note, version = version + 1, updated_at = clock_timestamp()
        WHERE id = @Id
        RETURNING {Stakeholder.Columns}
        """;

    public static async Task<Ok<Stakeholder>> HandleAsync(
        Guid id, Guid sid, DepartureRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var errors = new FieldErrors();
        errors.Check(request.LeftAt is not null, "leftAt", "is required (YYYY-MM-DD).");
        errors.NotEmpty("movedToAccountId", request.MovedToAccountId);
        errors.Check(request.MovedToAccountId != id, "movedToAccountId", "is the account they left.");
        var note = errors.Text("note", request.Note, 4000);
        errors.ThrowIfAny();

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var account = await AccountAccess.LockForWriteAsync(work, caller, id, cancellationToken);
        var weights = await StakeholderStore.WeightsAsync(work.Connection, work.Transaction, cancellationToken);
        var current = await StakeholderStore.OneAsync(work.Connection, work.Transaction, id, sid, weights, cancellationToken, forUpdate: true);
        if (!ProtectedContacts.MaySee(caller, account.OwnerId, current))
        {
            throw Missing.Of("stakeholder");
        }

        if (current.Status != "active")
        {
            throw new BusinessRuleException("already_departed", $"This person already left on {current.LeftAt:yyyy-MM-dd}.");
        }

        var departed = (await work.Connection.QuerySingleAsync<Stakeholder>(new CommandDefinition(Depart, new
        {
            Id = sid,
            LeftAt = request.LeftAt!.Value.ToDateTime(TimeOnly.MinValue),
            request.MovedToAccountId,
            Note = note,
        }, work.Transaction, cancellationToken: cancellationToken))).WithCloseness(weights)
            .WithTips(await StakeholderStore.StylesAsync(work.Connection, work.Transaction, cancellationToken));

        await work.PublishAsync(new StakeholderDeparted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, id, sid, request.LeftAt.Value,
            request.MovedToAccountId, departed.BuyingRoles, departed.Stance, departed.Influence, departed.Confidential ? "" : departed.Name), cancellationToken);
        await work.AuditAsync(caller, "stakeholder", sid, "departed", new { request.LeftAt, request.MovedToAccountId, note }, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Ok(departed);
    }
}
