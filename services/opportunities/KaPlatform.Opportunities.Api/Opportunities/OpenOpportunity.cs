using System.Security.Claims;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Lines;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Opportunities;

public sealed record OpenOpportunityRequest(
    Guid? AccountId, string? Name, [property: OneOf(typeof(Stages), nameof(Stages.Types))] string? Type, decimal? Amount, string? Currency, DateOnly? ExpectedCloseDate, Guid? OwnerId,
    List<LineInput?>? Lines = null);

/// <summary>POST /api/opportunities: a new deal on a visible account, always starting at initiation (later stages are earned through the gates).</summary>
public static class OpenOpportunity
{
    public static async Task<Created<OpportunityResponse>> HandleAsync(
        OpenOpportunityRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        caller.Require(Access.Sellers);
        new FieldErrors()
            .Id("accountId", request.AccountId)
            .Length("name", request.Name)
            .Choice("type", request.Type, Stages.Types, required: false)
            .Money("amount", request.Amount, required: request.Lines is not { Count: > 0 })
            .Currency("currency", request.Currency)
            .Check(request.ExpectedCloseDate is not null, "expectedCloseDate", "The date the deal is expected to close (YYYY-MM-DD).")
            .Id("ownerId", request.OwnerId, required: false)
            .Lines(request.Lines)
            .ThrowIfAny();

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await Access.RequireAccountAsync(work.Connection, work.Transaction, caller, request.AccountId!.Value);
        var priced = request.Lines is { Count: > 0 }
            ? await OpportunityLines.PriceAsync(work, request.Lines, new HashSet<Guid>(), request.Currency ?? "CNY", cancellationToken)
            : null;
        var row = (await OpportunityStore.OpenAsync(work, caller, new NewOpportunity(
            request.AccountId.Value, request.Name!.Trim(), request.Type ?? "new_business",
            priced is null ? request.Amount!.Value : OpportunityLines.AmountOf(priced, request.Amount), request.Currency ?? "CNY",
            request.ExpectedCloseDate, request.OwnerId ?? caller.UserId), cancellationToken))!;
        await OpportunityLines.SaveAsync(work, row.Id, priced, cancellationToken);
        var response = await OpportunityStore.RespondAsync(work.Connection, work.Transaction, row);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/opportunities/{row.Id}", response);
    }
}
