using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults;
using System.Security.Claims;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Opportunities;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Bids;

public sealed record BidOutcomeRequest(string? Outcome, string? Reason);

/// <summary>
/// POST /api/bids/{bidId}/outcome (docs/product.md §2.3): won moves the opportunity to signing (the award is the signing gate),
/// lost loses the opportunity with the bid's reason, cancelled leaves the opportunity open for a re-tender or direct talks.
/// </summary>
public static class RecordBidOutcome
{
    public static async Task<Ok<BidResponse>> HandleAsync(
        Guid bidId, BidOutcomeRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        new FieldErrors().Choice("outcome", request.Outcome, ["won", "lost", "cancelled"])
            .Length("reason", request.Reason, 2000, required: request.Outcome == "lost").ThrowIfAny();
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var bid = await BidStore.FindForWriteAsync(work.Connection, work.Transaction, caller, bidId);
        var allowedFrom = request.Outcome == "cancelled" ? new[] { "preparing", "submitted" } : ["submitted"];
        if (!allowedFrom.Contains(bid.Status))
        {
            throw new BusinessRuleException("bid_not_submitted", $"A {request.Outcome} outcome needs a {string.Join(" or ", allowedFrom)} bid; this one is {bid.Status}.");
        }

        var decided = await BidStore.UpdateAsync(work.Connection, work.Transaction, bidId, "status = @Outcome, outcome_reason = @Reason",
            new { request.Outcome, Reason = request.Reason?.Trim() });
        await work.AuditAsync(caller, "bid", bidId, "outcome_recorded", request, cancellationToken);
        await work.PublishAsync(new BidOutcomeRecorded(Guid.CreateVersion7(), DateTimeOffset.UtcNow, bid.AccountId, bidId, bid.OpportunityId,
            request.Outcome!, request.Reason), cancellationToken);

        var opportunity = await OpportunityStore.FindAsync(work.Connection, work.Transaction, caller, bid.OpportunityId, forUpdate: true);
        if (opportunity is not null && Stages.IsOpen(opportunity.Stage))
        {
            if (request.Outcome == "won" && Stages.Rank(opportunity.Stage) < Stages.Rank(Stages.Signing))
            {
                await OpportunityStore.MoveAsync(work, caller, opportunity, Stages.Signing, $"bid {bid.TenderRef} won", [], cancellationToken);
            }
            else if (request.Outcome == "lost")
            {
                await OpportunityStore.LoseAsync(work, caller, opportunity, BusinessCalendar.Current.Today, request.Reason!.Trim(), null, cancellationToken);
            }
        }

        await work.CommitAsync(cancellationToken);
        return TypedResults.Ok(decided);
    }
}
