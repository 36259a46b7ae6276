using System.Security.Claims;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Targets;

/// <param name="Region">Whose director sees it; a sales director's own region whatever is sent, required from an admin.</param>
public sealed record SetTargetRequest(Guid? OwnerId, string? Period, decimal? Amount, string? Currency, string? Region, string? Reason,
    string? ProductFamily = null, decimal? Floor = null);

/// <summary>POST /api/targets: one target per seller and period (409 target_exists: adjust it instead, with a reason).</summary>
public static class SetTarget
{
    public static async Task<Created<TargetResponse>> HandleAsync(
        SetTargetRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        caller.Require(Access.Planners);
        var director = caller.IsIn(Roles.SalesDirector) && !caller.IsIn(Roles.Admin);
        var periodOk = Period.TryParse(request.Period, out var period);
        new FieldErrors()
            .Id("ownerId", request.OwnerId)
            .Check(periodOk, "period", "A year (2026), quarter (2026-Q4) or month (2026-11).")
            .Money("amount", request.Amount)
            .Currency("currency", request.Currency)
            .Length("region", director ? caller.Region : request.Region, 100)
            .Length("reason", request.Reason, 1000, required: false)
            .Length("productFamily", request.ProductFamily, 100, required: false)
            .Money("floor", request.Floor, required: false)
            .ThrowIfAny();
        TargetFloor.Check(request.Amount!.Value, request.Floor);

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await TargetFloor.RequireFamilyAsync(work.Connection, work.Transaction, request.ProductFamily?.Trim());
        var id = Guid.CreateVersion7();
        var inserted = await work.Connection.ExecuteAsync(
            """
            INSERT INTO targets (id, owner_id, period, amount, currency, region, created_by, product_family, floor)
            VALUES (@id, @OwnerId, @Period, @Amount, @Currency, @Region, @CreatedBy, @ProductFamily, @Floor)
            ON CONFLICT DO NOTHING
            """,
            new
            {
                id,
                request.OwnerId,
                Period = period.Text,
                request.Amount,
                Currency = request.Currency ?? "CNY",
                Region = (director ? caller.Region : request.Region)!.Trim(),
                CreatedBy = caller.UserId,
                ProductFamily = request.ProductFamily?.Trim(),
                request.Floor,
            }, work.Transaction);
        if (inserted == 0)
        {
            throw new BusinessRuleException("target_exists", $"This seller already has a target for {period.Text}{(request.ProductFamily is null ? "" : " in " + request.ProductFamily.Trim())}; adjust it with a reason.",
                StatusCodes.Status409Conflict);
        }

        await TargetScope.RecordAsync(work.Connection, work.Transaction, caller, id, null, request.Amount!.Value, request.Reason?.Trim() ?? "target set",
            null, request.Floor);
        await work.AuditAsync(caller, "target", id, "set", request, cancellationToken);
        var target = (await TargetScope.FindAsync(work.Connection, work.Transaction, caller, id, withHistory: true))!;
        await work.PublishAsync(TargetChanges.Of(target, null, request.Reason?.Trim() ?? "target set", caller), cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/targets/{id}", target);
    }
}
