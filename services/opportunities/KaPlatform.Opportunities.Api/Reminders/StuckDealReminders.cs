using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.DealExecution;
using KaPlatform.Opportunities.IntegrationEvents;

namespace KaPlatform.Opportunities.Api.Reminders;

/// <summary>
/// Deals that have become stuck by <see cref="StuckRules"/>: told once per stay in a stage (the stage and the day it
/// was entered), so a deal that stays stuck is not repeated every hour, and one that moves on and gets stuck again is.
/// </summary>
internal static class StuckDealReminders
{
    private sealed class StuckDeal
    {
        public Guid Id { get; init; }
        public Guid AccountId { get; init; }
        public Guid OwnerId { get; init; }
        public string Name { get; init; } = "";
        public string Stage { get; init; } = "";
        public DateOnly EnteredOn { get; init; }
        public int? NormDays { get; init; }
        public int OverdueTasks { get; init; }
    }

    public static async Task<int> SendAsync(UnitOfWork work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters();
        var stuck = StuckDeals.Predicate(parameters);
        var deals = await work.Connection.QueryAsync<StuckDeal>(new CommandDefinition(
            $"""
            WITH stuck AS (
                SELECT o.id, o.account_id, o.owner_id, o.name, o.stage, {StuckDeals.EnteredOn} AS entered_on,
                       {StuckDeals.NormDays} AS norm_days, {StuckDeals.OverdueTasks} AS overdue_tasks
                FROM opportunities o WHERE {stuck}
            ), claimed AS (
                INSERT INTO reminder_notices (kind, subject_id, occurrence)
                SELECT 'deal_stuck', s.id, s.stage || ':' || to_char(s.entered_on, 'YYYY-MM-DD') FROM stuck s
                ON CONFLICT DO NOTHING
                RETURNING subject_id
            )
            SELECT s.* FROM stuck s JOIN claimed c ON c.subject_id = s.id ORDER BY s.id
            """, parameters, work.Transaction, cancellationToken: cancellationToken));
        var today = StuckRules.Today();
        var sent = 0;
        foreach (var d in deals)
        {
            var reasons = StuckRules.Reasons(d.Stage, d.EnteredOn, today, d.NormDays, d.OverdueTasks);
            await work.PublishAsync(new OpportunityStuck(Guid.CreateVersion7(), now, d.AccountId, d.Id, d.Name, d.OwnerId, d.Stage, d.EnteredOn,
                today.DayNumber - d.EnteredOn.DayNumber, d.NormDays, d.OverdueTasks, reasons), cancellationToken);
            sent++;
        }

        return sent;
    }
}
