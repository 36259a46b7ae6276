using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Accounts;

public sealed record RegisterAccountRequest(string? Name, string? Region, Guid? OwnerId, Guid? ParentId);

/// <summary>POST /api/accounts: a new account, owned by the caller unless an owner is named.</summary>
public static class RegisterAccount
{
    private static readonly string[] Registrars = [Roles.Admin, Roles.SalesDirector, Roles.KeyAccountManager, Roles.SalesRep];

    private const string Insert = """
        INSERT INTO accounts (id, name, region, owner_id, parent_id, team_user_ids, created_by)
        VALUES (@Id, @Name, @Region, @OwnerId, @ParentId, @TeamUserIds, @CreatedBy)
        RETURNING id, name, region, owner_id, parent_id, team_user_ids, created_at, updated_at, version
        """;

    public static async Task<Results<Created<AccountResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        RegisterAccountRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (!Registrars.Any(caller.IsIn))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "Your role cannot register accounts.");
        }

        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var region = request.Region!.Trim();
        if (caller.IsIn(Roles.SalesDirector) && !caller.IsIn(Roles.Admin) && region != caller.Region)
        {
            throw new BusinessRuleException("region_out_of_scope", $"A sales director registers accounts in their own region ({caller.Region}).");
        }

        var ownerId = request.OwnerId ?? caller.UserId;
        // A rep or KAM who registers an account for someone else stays on its team, or they could not see it.
        var team = new[] { ownerId, caller.UserId }.Distinct()
            .Where(id => id == ownerId || caller.IsIn(Roles.KeyAccountManager) || caller.IsIn(Roles.SalesRep)).ToArray();

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        if (request.ParentId is { } parentId && !await ParentVisibleAsync(work, caller, parentId))
        {
            throw new BusinessRuleException("unknown_parent", "The parent account does not exist or is not visible to you.");
        }

        var account = await work.Connection.QuerySingleAsync<AccountResponse>(Insert, new
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name!.Trim(),
            Region = region,
            OwnerId = ownerId,
            request.ParentId,
            TeamUserIds = team,
            CreatedBy = caller.UserId,
        }, work.Transaction);

        await work.PublishAsync(new AccountRegistered(
            Guid.CreateVersion7(), DateTimeOffset.UtcNow, account.Id, account.Name, account.Region, account.OwnerId, account.ParentId, account.TeamUserIds), cancellationToken);
        await work.CommitAsync(cancellationToken);
        AccountsMetrics.Registered.Add(1, new KeyValuePair<string, object?>("region", account.Region));
        return TypedResults.Created($"/api/accounts/{account.Id}", account);
    }

    private static Dictionary<string, string[]> Validate(RegisterAccountRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors["name"] = ["A name of 1 to 200 characters is required."];
        }

        if (string.IsNullOrWhiteSpace(request.Region) || request.Region.Length > 100)
        {
            errors["region"] = ["A region of 1 to 100 characters is required."];
        }

        if (request.OwnerId == Guid.Empty)
        {
            errors["ownerId"] = ["ownerId must be a non-empty UUID."];
        }

        return errors;
    }

    private static async Task<bool> ParentVisibleAsync(UnitOfWork work, Caller caller, Guid parentId)
    {
        var parameters = new DynamicParameters(new { parentId });
        var scope = AccountScope.Predicate(caller, parameters);
        return await work.Connection.ExecuteScalarAsync<bool>(
            $"SELECT EXISTS (SELECT 1 FROM accounts WHERE id = @parentId AND {scope})", parameters, work.Transaction);
    }
}
