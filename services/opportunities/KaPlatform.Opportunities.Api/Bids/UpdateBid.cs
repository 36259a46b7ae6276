using System.Security.Claims;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Bids;

/// <summary>
/// PATCH /api/bids/{bidId}: checklist, clarifications, bond, team, price, deadline. Allowed after submission too —
/// clarifications keep coming and the bond is returned after the outcome.
/// </summary>
public static class UpdateBid
{
    private const string Assignments = """
        tender_ref = coalesce(@TenderRef, tender_ref), issuer = coalesce(@Issuer, issuer),
        submission_deadline = coalesce(@SubmissionDeadline, submission_deadline),
        bid_bond = coalesce(@Bond::jsonb, bid_bond), bond_due_date = CASE WHEN @Bond::jsonb IS NULL THEN bond_due_date ELSE @BondDueDate END,
        price = coalesce(@Price, price), currency = coalesce(@Currency, currency), team = coalesce(@Team::jsonb, team),
        documents = coalesce(@Documents::jsonb, documents), clarifications = coalesce(@Clarifications::jsonb, clarifications)
        """;

    public static async Task<Ok<BidResponse>> HandleAsync(
        Guid bidId, BidFields request, ClaimsPrincipal user, HttpRequest http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        request.Validate(creating: false).ThrowIfAny();
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var bid = await BidStore.FindForWriteAsync(work.Connection, work.Transaction, caller, bidId);
        Concurrency.Check(http, bid.Version);
        var updated = await BidStore.UpdateAsync(work.Connection, work.Transaction, bidId, Assignments, new
        {
            TenderRef = request.TenderRef?.Trim(),
            Issuer = request.Issuer?.Trim(),
            SubmissionDeadline = request.SubmissionDeadline?.UtcDateTime,
            Bond = request.BondJson,
            BondDueDate = request.BidBond?.DueDate,
            request.Price,
            request.Currency,
            Team = request.TeamJson,
            Documents = request.DocumentsJson,
            Clarifications = request.ClarificationsJson,
        });
        await work.AuditAsync(caller, "bid", bidId, "updated", request, cancellationToken);
        await work.CommitAsync(cancellationToken);
        http.HttpContext.Response.Headers.ETag = Concurrency.ETag(updated.Version);
        return TypedResults.Ok(updated);
    }
}
