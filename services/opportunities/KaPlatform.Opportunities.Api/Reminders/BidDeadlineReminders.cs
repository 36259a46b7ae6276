using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.IntegrationEvents;

namespace KaPlatform.Opportunities.Api.Reminders;

/// <summary>
/// Bids still being prepared whose submission deadline falls within the next seven days: the bid team has a week
/// left, the same window as the pipeline page's "due within 7 days". One reminder per bid and deadline.
/// </summary>
internal static class BidDeadlineReminders
{
    public const int WindowDays = 7;

    private sealed class DueBid
    {
        public Guid Id { get; init; }
        public Guid OpportunityId { get; init; }
        public Guid AccountId { get; init; }
        public string OpportunityName { get; init; } = "";
        public string TenderRef { get; init; } = "";
        public string Issuer { get; init; } = "";
        public DateTime SubmissionDeadline { get; init; }
    }

    private const string Claim = """
        WITH due AS (
            SELECT b.id, b.opportunity_id, b.account_id, o.name AS opportunity_name, b.tender_ref, b.issuer, b.submission_deadline
            FROM bids b JOIN opportunities o ON o.id = b.opportunity_id
            WHERE b.status = 'preparing' AND b.submission_deadline > @now AND b.submission_deadline <= @until
        ), claimed AS (
            INSERT INTO reminder_notices (kind, subject_id, occurrence)
            SELECT 'bid_due', d.id, to_char(d.submission_deadline AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM due d
            ON CONFLICT DO NOTHING
            RETURNING subject_id
        )
        SELECT d.* FROM due d JOIN claimed c ON c.subject_id = d.id ORDER BY d.submission_deadline, d.id
        """;

    public static async Task<int> SendAsync(UnitOfWork work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = await work.Connection.QueryAsync<DueBid>(new CommandDefinition(
            Claim, new { now, until = now.AddDays(WindowDays) }, work.Transaction, cancellationToken: cancellationToken));
        var sent = 0;
        foreach (var b in due)
        {
            await work.PublishAsync(new BidDeadlineApproaching(Guid.CreateVersion7(), now, b.AccountId, b.Id, b.OpportunityId, b.OpportunityName,
                b.TenderRef, b.Issuer, new DateTimeOffset(DateTime.SpecifyKind(b.SubmissionDeadline, DateTimeKind.Utc))), cancellationToken);
            sent++;
        }

        return sent;
    }
}
