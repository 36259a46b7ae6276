using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using KaPlatform.Opportunities.IntegrationEvents;
using Npgsql;

namespace KaPlatform.Success.Api.Projections;

/// <summary>A referred lead: counted for the referring account in the revenue rows (docs/product.md §9).</summary>
[ConsumerName("project-lead-referred")]
public sealed class OnLeadReferred(NpgsqlDataSource db) : InboxConsumer<LeadReferred>(db)
{
    protected override Task HandleAsync(LeadReferred m, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO referrals (lead_id, account_id, referred_by_account_id, referred_by_stakeholder_id, referred_on)
            VALUES (@LeadId, @AccountId, @ReferredByAccountId, @ReferredByStakeholderId, @ReferredOn)
            ON CONFLICT (lead_id) DO UPDATE SET account_id = EXCLUDED.account_id, referred_by_account_id = EXCLUDED.referred_by_account_id,
                referred_by_stakeholder_id = EXCLUDED.referred_by_stakeholder_id, referred_on = EXCLUDED.referred_on
            """, new { m.LeadId, m.AccountId, m.ReferredByAccountId, m.ReferredByStakeholderId, m.ReferredOn }, work.Transaction,
            cancellationToken: cancellationToken));
}

/// <summary>The lead's opportunity: its win (from the opportunities projection) is the referral's won amount.</summary>
[ConsumerName("project-lead-qualified")]
public sealed class OnLeadQualified(NpgsqlDataSource db) : InboxConsumer<LeadQualified>(db)
{
    protected override Task HandleAsync(LeadQualified m, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO referrals (lead_id, account_id, opportunity_id) VALUES (@LeadId, @AccountId, @OpportunityId)
            ON CONFLICT (lead_id) DO UPDATE SET opportunity_id = EXCLUDED.opportunity_id
            """, new { m.LeadId, m.AccountId, m.OpportunityId }, work.Transaction, cancellationToken: cancellationToken));
}
