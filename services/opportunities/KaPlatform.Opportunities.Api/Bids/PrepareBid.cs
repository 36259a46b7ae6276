using System.Security.Claims;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Opportunities;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Bids;

/// <summary>POST /api/opportunities/{id}/bids: a tender response in preparation for an open opportunity (a re-tender is a new bid).</summary>
public static class PrepareBid
{
    public static async Task<Created<BidResponse>> HandleAsync(
        Guid id, BidFields request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        request.Validate(creating: true).ThrowIfAny();
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var opportunity = await OpportunityStore.FindOpenForWriteAsync(work, caller, id);
        var bid = await work.Connection.QuerySingleAsync<BidResponse>(
            $"""
            INSERT INTO bids AS b (id, opportunity_id, account_id, tender_ref, issuer, submission_deadline, bid_bond, bond_due_date, price, currency,
                                team, documents, clarifications)
            VALUES (@Id, @OpportunityId, @AccountId, @TenderRef, @Issuer, @SubmissionDeadline, @Bond::jsonb, @BondDueDate, @Price, @Currency,
                    coalesce(@Team::jsonb, '[]'), coalesce(@Documents::jsonb, '[]'), coalesce(@Clarifications::jsonb, '[]'))
            RETURNING {BidResponse.Columns}
            """,
            new
            {
                Id = Guid.CreateVersion7(),
                OpportunityId = id,
                opportunity.AccountId,
                TenderRef = request.TenderRef!.Trim(),
                Issuer = request.Issuer!.Trim(),
                SubmissionDeadline = request.SubmissionDeadline!.Value.UtcDateTime,
                Bond = request.BondJson,
                BondDueDate = request.BidBond?.DueDate,
                request.Price,
                Currency = request.Currency ?? opportunity.Currency,
                Team = request.TeamJson,
                Documents = request.DocumentsJson,
                Clarifications = request.ClarificationsJson,
            }, work.Transaction);
        await work.AuditAsync(caller, "bid", bid.Id, "prepared", request, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/bids/{bid.Id}", bid);
    }
}
