using System.Security.Claims;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Common;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Opportunities;

public sealed record OpenOpportunityRequest(
    Guid? AccountId, string? Name, string? Type, decimal? Amount, string? Currency, DateOnly? ExpectedCloseDate, Guid? OwnerId);

/// <summary>POST /api/opportunities: a new deal on a visible account, always starting at initiation (later stages are earned through the gates).</summary>
public static class OpenOpportunity
{
    public static async Task<Created<OpportunityResponse>> HandleAsync(
        OpenOpportunityRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        caller.Require(Access.Sellers);
        new Validation()
            .Id(request.AccountId, "accountId")
            .Text(request.Name, "name")
            .OneOf(request.Type, Stages.Types, "type", required: false)
            .Money(request.Amount, "amount")
            .Currency(request.Currency)
            .Check(request.ExpectedCloseDate is not null, "expectedCloseDate", "The date the deal is expected to close (YYYY-MM-DD).")
            .Id(request.OwnerId, "ownerId", required: false)
            .ThrowIfAny();

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await Access.RequireAccountAsync(work.Connection, work.Transaction, caller, request.AccountId!.Value);
        var row = (await OpportunityStore.OpenAsync(work, caller, new NewOpportunity(
            request.AccountId.Value, request.Name!.Trim(), request.Type ?? "new_business", request.Amount!.Value, request.Currency ?? "CNY",
            request.ExpectedCloseDate, request.OwnerId ?? caller.UserId), cancellationToken))!;
        var response = await OpportunityStore.RespondAsync(work.Connection, work.Transaction, row);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/opportunities/{row.Id}", response);
    }
}
