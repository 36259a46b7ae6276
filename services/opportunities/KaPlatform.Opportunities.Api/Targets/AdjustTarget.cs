using System.Security.Claims;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Targets;

public sealed record AdjustTargetRequest(decimal? Amount, string? Reason, decimal? Floor = null);

/// <summary>PATCH /api/targets/{id}: a new amount only with a reason, kept in the target's history (adjusted in the open, docs/product.md §2.4).</summary>
public static class AdjustTarget
{
    public static async Task<Ok<TargetResponse>> HandleAsync(
        Guid id, AdjustTargetRequest request, ClaimsPrincipal user, HttpRequest http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        new FieldErrors().Money("amount", request.Amount, required: request.Floor is null).Money("floor", request.Floor, required: false)
            .Length("reason", request.Reason, 1000).ThrowIfAny();
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        // Locked: two adjustments at once (another tab, a second planner) each kept the other's field as it read it and
        // wrote it back, and both passed the same If-Match.
        var target = Access.Found(await TargetScope.FindAsync(work.Connection, work.Transaction, caller, id, withHistory: false, forUpdate: true));
        caller.Require(Access.Planners);
        Concurrency.Check(http, target.Version);
        var amount = request.Amount ?? target.Amount;
        var floor = request.Floor ?? target.Floor;
        TargetFloor.Check(amount, floor);
        await work.Connection.ExecuteAsync(
            "UPDATE targets SET amount = @amount, floor = @floor, updated_at = clock_timestamp(), version = version + 1 WHERE id = @id",
            new { id, amount, floor }, work.Transaction);
        await TargetScope.RecordAsync(work.Connection, work.Transaction, caller, id, target.Amount, amount, request.Reason!.Trim(), target.Floor, floor);
        await work.AuditAsync(caller, "target", id, "adjusted", new { from = target.Amount, to = amount, fromFloor = target.Floor, toFloor = floor, request.Reason },
            cancellationToken);
        var adjusted = (await TargetScope.FindAsync(work.Connection, work.Transaction, caller, id, withHistory: true))!;
        if (adjusted.Amount != target.Amount)
        {
            await work.PublishAsync(TargetChanges.Of(adjusted, target.Amount, request.Reason.Trim(), caller), cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        http.HttpContext.Response.Headers.ETag = Concurrency.ETag(adjusted.Version);
        return TypedResults.Ok(adjusted);
    }
}
