using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Plans;

/// <param name="ReviewedAt">When the review took place, if not now: a review written up days later keeps its real date; never in the future.</param>
public sealed record ReviewPlanRequest(int? Quarter, string? Notes, string? Adjustments, DateTimeOffset? ReviewedAt = null);

/// <summary>POST /api/accounts/{id}/plans/{fiscalYear}/reviews: the quarterly review, kept in order with the plan.</summary>
public static class ReviewPlan
{
    public static async Task<Created<PlanReview>> HandleAsync(
        Guid id, int fiscalYear, ReviewPlanRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var errors = new FieldErrors();
        errors.Range("quarter", request.Quarter, 1, 4, required: true);
        var notes = errors.Text("notes", request.Notes, 20_000, required: true);
        var adjustments = errors.Text("adjustments", request.Adjustments, 20_000);
        errors.Check(request.ReviewedAt is not { } at || at <= DateTimeOffset.UtcNow.AddMinutes(5), "reviewedAt", "not in the future.");
        errors.ThrowIfAny();

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await AccountAccess.LockForWriteAsync(work, caller, id, cancellationToken, AccountAccess.PlanWriters);
        var plan = await PlanRow.LoadAsync(work.Connection, work.Transaction, id, fiscalYear, cancellationToken);
        var review = await work.Connection.QuerySingleAsync<PlanReview>(new CommandDefinition(
            """
            INSERT INTO plan_reviews (id, plan_id, quarter, notes, adjustments, reviewed_by, reviewed_at)
            VALUES (@Id, @PlanId, @Quarter, @notes, @adjustments, @UserId, coalesce(@ReviewedAt::timestamptz, clock_timestamp()))
            RETURNING id, quarter, notes, adjustments, reviewed_by AS reviewedby, reviewed_at AS reviewedat
            """, new { Id = Guid.CreateVersion7(), PlanId = plan.Id, request.Quarter, notes, adjustments, caller.UserId, request.ReviewedAt },
            work.Transaction, cancellationToken: cancellationToken));
        await work.AuditAsync(caller, "account_plan", plan.Id, "reviewed", review, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/accounts/{id}/plans/{fiscalYear}", review);
    }
}
