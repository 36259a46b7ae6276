using System.Security.Claims;
using System.Text.Json;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Accounts;

public sealed record RegisterAccountRequest(
    string? Name,
    string? Region,
    Guid? OwnerId,
    Guid? ParentId,
    string? Industry = null,
    string? Category = null,
    string? PurchasePattern = null,
    string? LifecycleStage = null,
    IReadOnlyList<TeamMemberInput?>? Team = null);

/// <summary>POST /api/accounts: a new account, owned by the caller unless an owner is named.</summary>
public static class RegisterAccount
{
    private const string Insert = $"""
        INSERT INTO accounts AS a (id, name, industry, region, parent_id, category, purchase_pattern, lifecycle_stage,
                                   owner_id, team, team_user_ids, created_by)
        VALUES (@Id, @Name, @Industry, @Region, @ParentId, @Category, @PurchasePattern, @LifecycleStage,
                @OwnerId, @Team::jsonb, @TeamUserIds, @CreatedBy)
        RETURNING {AccountResponse.Columns}
        """;

    public static async Task<Created<AccountResponse>> HandleAsync(
        RegisterAccountRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        caller.Require(AccountAccess.Writers);

        var errors = new FieldErrors();
        var fields = new AccountFields(request.Name, request.Industry, request.Region, request.Category, request.PurchasePattern, request.LifecycleStage)
            .Validated(errors);
        errors.NotEmpty("ownerId", request.OwnerId);
        errors.NotEmpty("parentId", request.ParentId);
        var (teamOwner, members) = AccountTeam.Validate(errors, request.Team);
        errors.Check(request.OwnerId is null || teamOwner is null || request.OwnerId == teamOwner, "ownerId", "differs from the team's owner entry.");
        errors.ThrowIfAny();

        CheckRegion(caller, fields.Region!);
        var ownerId = request.OwnerId ?? teamOwner ?? caller.UserId;
        var team = AccountTeam.Compose(ownerId, WithRegistrar(caller, ownerId, members));

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        if (request.ParentId is { } parentId && !await AccountAccess.IsVisibleAsync(work, caller, parentId, cancellationToken))
        {
            throw new BusinessRuleException("unknown_parent", "The parent account does not exist or is not visible to you.");
        }

        var account = await work.Connection.QuerySingleAsync<AccountResponse>(new CommandDefinition(Insert, new
        {
            Id = Guid.CreateVersion7(),
            fields.Name,
            fields.Industry,
            fields.Region,
            request.ParentId,
            fields.Category,
            fields.PurchasePattern,
            fields.LifecycleStage,
            OwnerId = ownerId,
            Team = JsonSerializer.Serialize(team, Json.Options),
            TeamUserIds = AccountTeam.UserIds(team),
            CreatedBy = caller.UserId,
        }, work.Transaction, cancellationToken: cancellationToken));

        await work.PublishAsync(Registered(account), cancellationToken);
        await work.AuditAsync(caller, "account", account.Id, "registered", account, cancellationToken);
        await work.CommitAsync(cancellationToken);
        AccountsMetrics.Registered.Add(1, new KeyValuePair<string, object?>("region", account.Region));
        return TypedResults.Created($"/api/accounts/{account.Id}", account);
    }

    /// <summary>A sales director registers (and imports) only in their own region.</summary>
    internal static void CheckRegion(Caller caller, string region)
    {
        if (caller.IsIn(Roles.SalesDirector) && !caller.IsIn(Roles.Admin) && region != caller.Region)
        {
            throw new BusinessRuleException("region_out_of_scope", $"A sales director registers accounts in their own region ({caller.Region}).");
        }
    }

    /// <summary>A rep or KAM who registers an account for someone else stays on its team, or they could not see it.</summary>
    internal static IEnumerable<TeamMember> WithRegistrar(Caller caller, Guid ownerId, IReadOnlyList<TeamMember> members) =>
        caller.UserId != ownerId && caller.IsAny(Roles.KeyAccountManager, Roles.SalesRep) && members.All(m => m.UserId != caller.UserId)
            ? [.. members, new TeamMember(caller.UserId, "sales")]
            : members;

    internal static AccountRegistered Registered(AccountResponse account) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, account.Id, account.Name, account.Region, account.OwnerId, account.ParentId, account.TeamUserIds);
}
