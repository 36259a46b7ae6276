using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Plans;

/// <summary>POST /api/accounts/{id}/plans/{fiscalYear}/approve: a sales director (of the region) or an admin signs the plan off.</summary>
public static class ApprovePlan
{
    private static readonly string[] Approvers = [Roles.Admin, Roles.SalesDirector];

    public static async Task<Ok<AccountPlanView>> HandleAsync(
        Guid id, int fiscalYear, ClaimsPrincipal user, HttpRequest http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await AccountAccess.LockForWriteAsync(work, caller, id, cancellationToken, Approvers);
        var current = await PlanRow.LoadAsync(work.Connection, work.Transaction, id, fiscalYear, cancellationToken, forUpdate: true);
        // A director signs off what they read: with If-Match, a plan the KAM changed meanwhile is a 412, not an
        // approval of targets the director never saw (AccountPlanApproved carries them).
        Concurrency.Check(http, current.Version);
        if (current.Status == "approved")
        {
            throw new BusinessRuleException("plan_already_approved", "This plan is already approved.");
        }

        if (current.Content.Targets is not { } targets)
        {
            throw new BusinessRuleException("plan_without_targets", "A plan is approved against its targets; set targets first.");
        }

        await work.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE account_plans SET status = 'approved', approved_by = @UserId, approved_at = clock_timestamp(),
                   version = version + 1, updated_at = clock_timestamp()
            WHERE id = @Id
            """, new { current.Id, caller.UserId }, work.Transaction, cancellationToken: cancellationToken));
        await work.PublishAsync(new AccountPlanApproved(Guid.CreateVersion7(), DateTimeOffset.UtcNow, id, fiscalYear,
            targets.ContractAmount ?? 0, targets.CollectionAmount ?? 0, targets.OpportunitiesIncubated ?? 0, targets.OpportunitiesCaptured ?? 0), cancellationToken);
        await work.AuditAsync(caller, "account_plan", current.Id, "approved", new { fiscalYear, targets }, cancellationToken);
        var plan = await (await PlanRow.LoadAsync(work.Connection, work.Transaction, id, fiscalYear, cancellationToken))
            .ViewAsync(work.Connection, work.Transaction, cancellationToken);
        await work.CommitAsync(cancellationToken);
        http.HttpContext.Response.Headers.ETag = Concurrency.ETag(plan.Version);
        return TypedResults.Ok(plan);
    }
}
