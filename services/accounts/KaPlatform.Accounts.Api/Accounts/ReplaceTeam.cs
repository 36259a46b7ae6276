using System.Security.Claims;
using System.Text.Json;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Accounts;

public sealed record ReplaceTeamRequest(IReadOnlyList<TeamMemberInput?>? Team);

/// <summary>
/// PUT /api/accounts/{id}/team — `{team: [{userId, role}]}` or the bare array. Replaces the team whole; an `owner`
/// entry hands the account over, otherwise the owner stays. The team decides who sees the account (docs/product.md §6).
/// </summary>
public static class ReplaceTeam
{
    private const string Update = $"""
        UPDATE accounts AS a SET owner_id = @OwnerId, team = @Team::jsonb, team_user_ids = @TeamUserIds,
               version = version + 1, updated_at = clock_timestamp()
        WHERE id = @Id
        RETURNING {AccountResponse.Columns}
        """;

    public static async Task<Ok<AccountResponse>> HandleAsync(
        Guid id, JsonElement body, ClaimsPrincipal user, HttpContext http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var members = body.ValueKind == JsonValueKind.Array
            ? RequestBody.Read<ReplaceTeamRequest>(JsonSerializer.SerializeToElement(new { team = body })).Team
            : RequestBody.Read<ReplaceTeamRequest>(body).Team;
        var errors = new FieldErrors();
        errors.Check(members is not null, "team", "is required (an array of {userId, role}).");
        var (owner, others) = AccountTeam.Validate(errors, members);
        errors.ThrowIfAny();

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var current = await AccountAccess.LockForWriteAsync(work, caller, id, cancellationToken);
        Concurrency.Check(http.Request, current.Version);
        var team = AccountTeam.Compose(owner ?? current.OwnerId, others);

        var account = await work.Connection.QuerySingleAsync<AccountResponse>(new CommandDefinition(Update, new
        {
            Id = id,
            OwnerId = team[0].UserId,
            Team = JsonSerializer.Serialize(team, Json.Options),
            TeamUserIds = AccountTeam.UserIds(team),
        }, work.Transaction, cancellationToken: cancellationToken));

        await work.PublishAsync(new AccountTeamChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, account.Id, account.OwnerId, account.Team, account.TeamUserIds), cancellationToken);
        await work.AuditAsync(caller, "account", id, "team_replaced", new { before = current.Team, after = account.Team }, cancellationToken);
        await work.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = Concurrency.ETag(account.Version);
        return TypedResults.Ok(account);
    }
}
