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
using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Accounts;

public sealed record UpdateAccountRequest(
    string? Name, string? Industry, string? Region, Guid? ParentId, [property: OneOf(typeof(Values), nameof(Values.Categories))] string? Category,
    [property: OneOf(typeof(Values), nameof(Values.PurchasePatterns))] string? PurchasePattern, [property: OneOf(typeof(Values), nameof(Values.LifecycleStages))] string? LifecycleStage, Guid? OwnerId);

/// <summary>
/// PATCH /api/accounts/{id} with If-Match: members present change, `null` clears an optional one. Publishes
/// AccountUpdated with the full current state (and AccountTeamChanged when the owner changes hands).
/// </summary>
public static class UpdateAccount
{
    private const string Update = $"""
        UPDATE accounts AS a SET name = @Name, industry = @Industry, region = @Region, parent_id = @ParentId,
               category = @Category, purchase_pattern = @PurchasePattern, lifecycle_stage = @LifecycleStage,
               owner_id = @OwnerId, team = @Team::jsonb, team_user_ids = @TeamUserIds,
               version = version + 1, updated_at = clock_timestamp()
        WHERE id = @Id
        RETURNING {AccountResponse.Columns}
        """;

    // Walks up from the proposed parent: meeting the account itself there means the move would close a loop.
    private const string WouldCycle = """
        WITH RECURSIVE up (id, parent_id, depth) AS (
            SELECT id, parent_id, 1 FROM accounts WHERE id = @parentId
            UNION ALL
            SELECT a.id, a.parent_id, up.depth + 1 FROM accounts a JOIN up ON a.id = up.parent_id WHERE up.depth < 1000)
        SELECT EXISTS (SELECT 1 FROM up WHERE id = @id)
        """;

    public static async Task<Ok<AccountResponse>> HandleAsync(
        Guid id, JsonElement body, ClaimsPrincipal user, HttpContext http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var request = RequestBody.Read<UpdateAccountRequest>(body);
        bool Has(string name) => RequestBody.Has(body, name);

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        // One hierarchy change at a time: two concurrent moves could otherwise each pass the cycle check.
        if (Has("parentId"))
        {
            await work.Connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('accounts.hierarchy'))", transaction: work.Transaction);
        }

        var current = await AccountAccess.LockForWriteAsync(work, caller, id, cancellationToken);
        Concurrency.Check(http.Request, current.Version);

        var errors = new FieldErrors();
        var fields = new AccountFields(
            Has("name") ? request.Name : current.Name,
            Has("industry") ? request.Industry : current.Industry,
            Has("region") ? request.Region : current.Region,
            Has("category") ? request.Category : current.Category,
            Has("purchasePattern") ? request.PurchasePattern : current.PurchasePattern,
            Has("lifecycleStage") ? request.LifecycleStage : current.LifecycleStage).Validated(errors);
        errors.NotEmpty("ownerId", request.OwnerId);
        errors.NotEmpty("parentId", request.ParentId);
        errors.Check(!Has("ownerId") || request.OwnerId is not null, "ownerId", "cannot be cleared; name the new owner.");
        errors.ThrowIfAny();

        if (fields.Region != current.Region)
        {
            caller.Require(Roles.Admin, Roles.SalesDirector);
            RegisterAccount.CheckRegion(caller, fields.Region!);
        }

        var parentId = Has("parentId") ? request.ParentId : current.ParentId;
        if (parentId is { } parent && parent != current.ParentId)
        {
            await CheckParentAsync(work, caller, id, parent, cancellationToken);
        }

        var ownerId = request.OwnerId ?? current.OwnerId;
        // The previous owner stays on the team as `sales` for the handover; the new owner can remove them (PUT team).
        var team = ownerId == current.OwnerId
            ? current.Team
            : AccountTeam.Compose(ownerId, current.Team.Select(m => m.UserId == current.OwnerId ? m with { Role = "sales" } : m));

        var account = await work.Connection.QuerySingleAsync<AccountResponse>(new CommandDefinition(Update, new
        {
            Id = id,
            fields.Name,
            fields.Industry,
            fields.Region,
            ParentId = parentId,
            fields.Category,
            fields.PurchasePattern,
            fields.LifecycleStage,
            OwnerId = ownerId,
            Team = JsonSerializer.Serialize(team, Json.Options),
            TeamUserIds = AccountTeam.UserIds(team),
        }, work.Transaction, cancellationToken: cancellationToken));

        var now = DateTimeOffset.UtcNow;
        await work.PublishAsync(new AccountUpdated(Guid.CreateVersion7(), now, account.Id, account.Name, account.Region, account.OwnerId,
            account.ParentId, account.Industry, account.Category, account.PurchasePattern, account.LifecycleStage), cancellationToken);
        if (ownerId != current.OwnerId)
        {
            await work.PublishAsync(new AccountTeamChanged(Guid.CreateVersion7(), now, account.Id, account.OwnerId, account.Team, account.TeamUserIds), cancellationToken);
        }

        await work.AuditAsync(caller, "account", id, "updated", new { before = current, after = account }, cancellationToken);
        await work.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = Concurrency.ETag(account.Version);
        return TypedResults.Ok(account);
    }

    private static async Task CheckParentAsync(UnitOfWork work, Caller caller, Guid id, Guid parentId, CancellationToken cancellationToken)
    {
        if (!await AccountAccess.IsVisibleAsync(work, caller, parentId, cancellationToken))
        {
            throw new BusinessRuleException("unknown_parent", "The parent account does not exist or is not visible to you.");
        }

        if (parentId == id || await work.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                WouldCycle, new { id, parentId }, work.Transaction, cancellationToken: cancellationToken)))
        {
            throw new BusinessRuleException("hierarchy_cycle", "The account would become its own ancestor; a group hierarchy has no cycles.",
                extensions: new Dictionary<string, object?> { ["parentId"] = parentId });
        }
    }
}
