using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults;
using System.Security.Claims;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Opportunities;

/// <param name="Amount">The amount actually won, when it differs from the forecast one.</param>
public sealed record WinOpportunityRequest(DateOnly? CloseDate, decimal? Amount);

/// <summary>POST /api/opportunities/{id}/win: closes the deal at 100% and announces OpportunityWon (contracts-api drafts the contract).</summary>
public static class WinOpportunity
{
    public static async Task<Ok<OpportunityResponse>> HandleAsync(
        Guid id, WinOpportunityRequest? request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        new FieldErrors().Money("amount", request?.Amount, required: false).ThrowIfAny();
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var row = await OpportunityStore.FindOpenForWriteAsync(work, caller, id);
        var won = await OpportunityStore.WinAsync(work, caller, row, request?.CloseDate ?? BusinessCalendar.Current.Today,
            request?.Amount ?? row.Amount, cancellationToken);
        var response = await OpportunityStore.RespondAsync(work.Connection, work.Transaction, won);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Ok(response);
    }
}
