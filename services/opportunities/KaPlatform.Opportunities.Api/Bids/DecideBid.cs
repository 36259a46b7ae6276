using System.Security.Claims;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Bids;

public sealed record BidDecisionRequest(string? Decision, string? Reason);

/// <summary>POST /api/bids/{bidId}/decision: the bid/no-bid review. Declining needs a reason and closes the bid as cancelled.</summary>
public static class DecideBid
{
    public static async Task<Ok<BidResponse>> HandleAsync(
        Guid bidId, BidDecisionRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        new FieldErrors().Choice("decision", request.Decision, ["bid", "no_bid"])
            .Length("reason", request.Reason, 2000, required: request.Decision == "no_bid").ThrowIfAny();
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var bid = await BidStore.FindForWriteAsync(work.Connection, work.Transaction, caller, bidId);
        if (bid.Status != "preparing")
        {
            throw new BusinessRuleException("bid_not_preparing", $"The bid is already {bid.Status}; the decision is taken before submission.");
        }

        var decided = await BidStore.UpdateAsync(work.Connection, work.Transaction, bidId,
            "decision = @Decision, decision_reason = @Reason, status = CASE WHEN @Decision = 'no_bid' THEN 'cancelled' ELSE status END",
            new { request.Decision, Reason = request.Reason?.Trim() });
        await work.AuditAsync(caller, "bid", bidId, "decided", request, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Ok(decided);
    }
}
