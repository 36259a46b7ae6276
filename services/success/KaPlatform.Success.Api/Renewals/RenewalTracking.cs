using KaPlatform.ServiceDefaults;
using Dapper;
using KaPlatform.Contracts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.Success.Api.Shared;
using KaPlatform.Success.IntegrationEvents;

namespace KaPlatform.Success.Api.Renewals;

/// <summary>
/// docs/product.md §4.3: one renewal record per signed contract with an end date, and RenewalDue exactly once when the
/// lead time is reached — at signing already when the contract was signed inside the window. A contract that has
/// already ended (entered late, or signed after its end date) gets its record but no RenewalDue: there is nothing
/// left to renew on time, and a renewal opportunity for it would be noise in the pipeline.
/// </summary>
public static class RenewalTracking
{
    private const string Open = """
        INSERT INTO renewals (id, contract_id, account_id, contract_number, end_date, amount, currency, signed_at)
        VALUES (@Id, @ContractId, @AccountId, @Number, @EndDate, @Amount, @Currency, @SignedAt)
        ON CONFLICT (contract_id) DO NOTHING
        """;

    // The row lock and the due_published_at guard make "once" hold with several instances scanning at the same time.
    // Two statements, one for the scan (every contract) and one for a signed contract, rather than one with
    // "@contractId IS NULL OR …": consumers may run on generic plans (InboxConsumer), and a generic plan of that form
    // cannot use the contract's index.
    private const string Due = """
        SELECT r.id, r.contract_id, r.account_id, r.end_date, r.amount, r.currency, d.owner_id
        FROM renewals r LEFT JOIN account_directory d ON d.id = r.account_id
        WHERE r.due_published_at IS NULL AND r.status = 'upcoming' AND r.end_date <= @lastEndDate AND r.end_date >= @asOf
        """;

    private const string DueOrder = " ORDER BY r.end_date FOR UPDATE OF r SKIP LOCKED";

    // A signing and a renewal opportunity's event each write their own row, then read the other's (renewals, contracts,
    // opportunities). Applied in overlapping transactions, neither would see the other's row, and the renewal would never
    // learn of its opportunity (RenewalTests, "…applied at the same time still meet"). One lock per account, taken between
    // the write and the read: whichever comes second waits for the first to commit, and its read sees the first's row.
    // Sent in the same round trip as the read that follows it; a statement of its own, so that read takes its snapshot
    // after the wait.
    private const string MeetOnAccount = "SELECT pg_advisory_xact_lock(hashtextextended('renewal:' || @AccountId::text, 0));\n";

    // A renewal opportunity that is won, or the contract it produced being signed, renews the expiring one.
    private const string RenewedBySigning = MeetOnAccount + """
        UPDATE renewals SET status = 'renewed', renewal_amount = @Amount, renewal_date = @SignedAt
        WHERE opportunity_id = @OpportunityId AND contract_id <> @ContractId
        """;

    /// <summary>Call after the signed contract's own row is written.</summary>
    public static async Task OnSignedAsync(UnitOfWork work, ContractSigned signed, SuccessOptions options, CancellationToken cancellationToken)
    {
        await work.Connection.ExecuteAsync(new CommandDefinition(RenewedBySigning, signed, work.Transaction, cancellationToken: cancellationToken));
        if (signed.EndDate is null)
        {
            return;
        }

        await work.Connection.ExecuteAsync(new CommandDefinition(Open, new
        {
            Id = Guid.CreateVersion7(), signed.ContractId, signed.AccountId, signed.Number, signed.EndDate, signed.Amount, signed.Currency, signed.SignedAt,
        }, work.Transaction, cancellationToken: cancellationToken));
        await work.Connection.ExecuteAsync(new CommandDefinition(FollowEarlierOpportunity, signed, work.Transaction, cancellationToken: cancellationToken));
        await PublishDueAsync(work, BusinessCalendar.Current.Today, options, signed.ContractId, cancellationToken);
    }

    /// <returns>How many RenewalDue events were queued.</returns>
    public static async Task<int> PublishDueAsync(UnitOfWork work, DateOnly asOf, SuccessOptions options, Guid? contractId, CancellationToken cancellationToken)
    {
        var due = (await work.Connection.QueryAsync<DueRow>(new CommandDefinition(
            Due + (contractId is null ? "" : " AND r.contract_id = @contractId") + DueOrder,
            new { asOf, lastEndDate = asOf.AddDays(options.RenewalLeadDays), contractId }, work.Transaction, cancellationToken: cancellationToken))).ToList();
        foreach (var renewal in due)
        {
            await work.Connection.ExecuteAsync(new CommandDefinition(
                "UPDATE renewals SET due_published_at = clock_timestamp() WHERE id = @Id", new { renewal.Id }, work.Transaction, cancellationToken: cancellationToken));
            await work.AuditAsync(SuccessAccess.System, "renewal", renewal.Id, "renewal_due", new { renewal.ContractId, renewal.EndDate, asOf }, cancellationToken);
            await work.PublishAsync(new RenewalDue(Guid.CreateVersion7(), DateTimeOffset.UtcNow, renewal.AccountId, renewal.ContractId, renewal.Id,
                renewal.EndDate, renewal.Amount, renewal.Currency, renewal.OwnerId), cancellationToken);
        }

        return due.Count;
    }

    // A contract already signed from the opportunity renews with its own amount and date, as RenewedBySigning does
    // when the signing comes last: the order the events arrive in must not change the figures.
    private const string FollowOpportunity = """
        UPDATE renewals r SET opportunity_id = o.id,
            status = CASE WHEN o.status = 'won' OR s.signed_at IS NOT NULL THEN 'renewed' WHEN o.status = 'lost' THEN 'churned' ELSE 'opportunity_open' END,
            renewal_amount = coalesce(s.amount, o.amount), renewal_date = coalesce(s.signed_at, o.close_date, o.expected_close_date)
        """;

    private const string SignedFromIt = """

        LEFT JOIN LATERAL (SELECT c.amount, c.signed_at FROM contracts c
                           WHERE c.opportunity_id = o.id AND c.signed_at IS NOT NULL
                           ORDER BY c.signed_at DESC LIMIT 1) s ON true
        """;

    // ContractSigned and the opportunity's events come on separate queues, and a signing can wait on the account's
    // rollup rows or be retried, so the renewal opportunity may be projected before its contract is. The signing then
    // takes it up: a won one first, then an open one, then the latest loss. Found through the account's index (an account
    // has a handful of opportunities). Ahead of the due check, so a renewal already in the pipeline gets no RenewalDue
    // and opportunities-api opens no second one.
    private const string FollowEarlierOpportunity = FollowOpportunity + """

        FROM (SELECT * FROM opportunities
              WHERE account_id = @AccountId AND source_contract_id = @ContractId AND type = 'renewal'
              ORDER BY CASE status WHEN 'won' THEN 0 WHEN 'open' THEN 1 ELSE 2 END, as_of DESC LIMIT 1) o
        """ + SignedFromIt + """

        WHERE r.contract_id = @ContractId AND r.status <> 'renewed'
        """;

    private const string FollowProjectedOpportunity = MeetOnAccount + FollowOpportunity + """

        FROM opportunities o
        """ + SignedFromIt + """

        WHERE o.id = @opportunityId AND o.source_contract_id = r.contract_id AND o.type = 'renewal' AND r.status <> 'renewed'
        """;

    /// <summary>
    /// Keeps the renewal in step with its opportunity, whichever of the opportunity's events came first. Call after the
    /// opportunity's row is written, with the type that row now has: only a renewal opportunity has a renewal to follow.
    /// </summary>
    public static Task FollowOpportunityAsync(UnitOfWork work, Guid accountId, Guid opportunityId, string type, CancellationToken cancellationToken) =>
        type != "renewal"
            ? Task.CompletedTask
            : work.Connection.ExecuteAsync(new CommandDefinition(FollowProjectedOpportunity, new { AccountId = accountId, opportunityId }, work.Transaction, cancellationToken: cancellationToken));

    private sealed class DueRow
    {
        public Guid Id { get; init; }
        public Guid ContractId { get; init; }
        public Guid AccountId { get; init; }
        public DateOnly EndDate { get; init; }
        public decimal Amount { get; init; }
        public string Currency { get; init; } = "CNY";
        public Guid? OwnerId { get; init; }
    }
}
