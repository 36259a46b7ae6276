using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Texts;
using KaPlatform.Success.Api.Alerts;
using KaPlatform.Success.Api.Renewals;
using Npgsql;

namespace KaPlatform.Success.Api.Projections;

// Consumers run on separate queues, so Won or Lost can overtake Opened: each event inserts what it knows and
// updates only its own facts, and the renewal follows the merged row. The type is fixed at opening, so Opened always
// writes it (a Lost from before the event carried the type left a guess there).

[ConsumerName("project-opportunity-opened")]
public sealed class OnOpportunityOpened(NpgsqlDataSource db) : InboxConsumer<OpportunityOpened>(db)
{
    protected override async Task HandleAsync(OpportunityOpened m, UnitOfWork work, CancellationToken cancellationToken)
    {
        await work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO opportunities (id, account_id, owner_id, type, amount, currency, stage, expected_close_date, source_contract_id, source_need_id, as_of)
            VALUES (@OpportunityId, @AccountId, @OwnerId, @Type, @Amount, @Currency, @Stage, @ExpectedCloseDate, @SourceContractId, @SourceNeedId, @OccurredAt)
            ON CONFLICT (id) DO UPDATE SET source_contract_id = EXCLUDED.source_contract_id, source_need_id = EXCLUDED.source_need_id,
                expected_close_date = EXCLUDED.expected_close_date, type = EXCLUDED.type
            """, m, work.Transaction, cancellationToken: cancellationToken));
        if (m.SourceNeedId is { } needId)
        {
            await work.Connection.ExecuteAsync(new CommandDefinition(
                "UPDATE review_needs SET opportunity_id = @OpportunityId WHERE id = @needId", new { m.OpportunityId, needId }, work.Transaction, cancellationToken: cancellationToken));
        }

        await RenewalTracking.FollowOpportunityAsync(work, m.AccountId, m.OpportunityId, m.Type, cancellationToken);
    }
}

[ConsumerName("project-opportunity-stage-changed")]
public sealed class OnOpportunityStageChanged(NpgsqlDataSource db) : InboxConsumer<OpportunityStageChanged>(db)
{
    protected override Task HandleAsync(OpportunityStageChanged m, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE opportunities SET stage = @ToStage, as_of = @OccurredAt WHERE id = @OpportunityId AND status = 'open' AND as_of <= @OccurredAt",
            m, work.Transaction, cancellationToken: cancellationToken));
}

[ConsumerName("project-opportunity-won")]
public sealed class OnOpportunityWon(NpgsqlDataSource db) : InboxConsumer<OpportunityWon>(db)
{
    protected override async Task HandleAsync(OpportunityWon m, UnitOfWork work, CancellationToken cancellationToken)
    {
        await work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO opportunities (id, account_id, owner_id, type, amount, currency, stage, status, close_date, as_of)
            VALUES (@OpportunityId, @AccountId, @OwnerId, @Type, @Amount, @Currency, 'won', 'won', @CloseDate, @OccurredAt)
            ON CONFLICT (id) DO UPDATE SET stage = 'won', status = 'won', amount = EXCLUDED.amount, close_date = EXCLUDED.close_date, as_of = EXCLUDED.as_of
            """, m, work.Transaction, cancellationToken: cancellationToken));
        await RenewalTracking.FollowOpportunityAsync(work, m.AccountId, m.OpportunityId, m.Type, cancellationToken);
    }
}

/// <summary>A loss to a named competitor opens competitor_threat (docs/product.md §4.2); a lost renewal churns its contract.</summary>
[ConsumerName("project-opportunity-lost")]
public sealed class OnOpportunityLost(NpgsqlDataSource db) : InboxConsumer<OpportunityLost>(db)
{
    protected override async Task HandleAsync(OpportunityLost m, UnitOfWork work, CancellationToken cancellationToken)
    {
        var type = await work.Connection.QuerySingleAsync<string>(new CommandDefinition(
            """
            INSERT INTO opportunities (id, account_id, owner_id, type, amount, currency, stage, status, close_date, loss_reason, competitor, as_of)
            VALUES (@OpportunityId, @AccountId, @OwnerId, coalesce(@Type, 'new_business'), coalesce(@Amount, 0), coalesce(@Currency, 'CNY'),
                'lost', 'lost', @CloseDate, @Reason, @Competitor, @OccurredAt)
            ON CONFLICT (id) DO UPDATE SET stage = 'lost', status = 'lost', close_date = EXCLUDED.close_date,
                loss_reason = EXCLUDED.loss_reason, competitor = EXCLUDED.competitor, as_of = EXCLUDED.as_of
            RETURNING type
            """, m, work.Transaction, cancellationToken: cancellationToken));
        await RenewalTracking.FollowOpportunityAsync(work, m.AccountId, m.OpportunityId, type, cancellationToken);

        if (!string.IsNullOrWhiteSpace(m.Competitor))
        {
            // Losing existing business (a renewal or an expansion) to a competitor is worse than missing a new deal.
            await RiskAlerts.RaiseAsync(work, m.AccountId, "competitor_threat", type == "new_business" ? "medium" : "high",
                ServerText.Of("competitor_won", $"Opportunity {(string.IsNullOrEmpty(m.Name) ? m.OpportunityId.ToString() : m.Name)} ({type}) lost to {m.Competitor}: {m.Reason}",
                    ("opportunityId", m.OpportunityId), ("opportunityName", m.Name ?? ""), ("opportunityType", type),
                    ("competitor", m.Competitor), ("lossReason", m.Reason)), cancellationToken);
        }
    }
}
