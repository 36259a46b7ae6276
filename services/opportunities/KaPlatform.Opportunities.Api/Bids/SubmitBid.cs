using System.Security.Claims;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Bids;

/// <param name="SubmittedAt">When the bid was handed in, if not now (recorded after the fact); never in the future.</param>
public sealed record SubmitBidRequest(DateTimeOffset? SubmittedAt = null);

/// <summary>POST /api/bids/{bidId}/submit: refused (422 documents_incomplete) while any checklist document is still todo.</summary>
public static class SubmitBid
{
    public static async Task<Ok<BidResponse>> HandleAsync(
        Guid bidId, SubmitBidRequest? request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (request?.SubmittedAt > DateTimeOffset.UtcNow.AddMinutes(5))
        {
            throw FieldErrors.Invalid("submittedAt", "not in the future.");
        }

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var bid = await BidStore.FindForWriteAsync(work.Connection, work.Transaction, caller, bidId);
        if (bid.Status != "preparing")
        {
            throw new BusinessRuleException("bid_not_preparing", $"The bid is already {bid.Status}.");
        }

        var todo = bid.Documents.Where(d => d.Status == "todo").Select(d => d.Name).ToArray();
        if (todo.Length > 0)
        {
            throw new BusinessRuleException("documents_incomplete", $"Documents still to do: {string.Join(", ", todo)}.",
                extensions: new Dictionary<string, object?> { ["todo"] = todo });
        }

        // Submitting is the decision to bid when no review recorded one.
        var submitted = await BidStore.UpdateAsync(work.Connection, work.Transaction, bidId,
            "status = 'submitted', submitted_at = coalesce(@SubmittedAt::timestamptz, clock_timestamp()), decision = coalesce(decision, 'bid')",
            new { SubmittedAt = request?.SubmittedAt?.UtcDateTime });
        await work.AuditAsync(caller, "bid", bidId, "submitted", null, cancellationToken);
        await work.PublishAsync(new BidSubmitted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, submitted.AccountId, bidId, submitted.OpportunityId,
            new DateTimeOffset(submitted.SubmittedAt!.Value, TimeSpan.Zero)), cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Ok(submitted);
    }
}
