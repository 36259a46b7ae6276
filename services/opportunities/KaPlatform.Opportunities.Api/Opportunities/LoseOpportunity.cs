using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults;
using System.Security.Claims;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Opportunities;

public sealed record LoseOpportunityRequest(string? Reason, string? Competitor, DateOnly? CloseDate);

/// <summary>POST /api/opportunities/{id}/lose: a loss always carries its reason (and the winner, when known) for the win-back review.</summary>
public static class LoseOpportunity
{
    public static async Task<Ok<OpportunityResponse>> HandleAsync(
        Guid id, LoseOpportunityRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        new FieldErrors().Length("reason", request.Reason, 2000).Length("competitor", request.Competitor, required: false).ThrowIfAny();
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var row = await OpportunityStore.FindOpenForWriteAsync(work, caller, id);
        var lost = await OpportunityStore.LoseAsync(work, caller, row, request.CloseDate ?? BusinessCalendar.Current.Today,
            request.Reason!.Trim(), request.Competitor?.Trim(), cancellationToken);
        var response = await OpportunityStore.RespondAsync(work.Connection, work.Transaction, lost);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Ok(response);
    }
}
