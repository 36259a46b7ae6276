using Dapper;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Projections;

/// <summary>Keeps the decision chain the stage gates read; an older event never overwrites a newer state (as_of).</summary>
internal static class StakeholderProjection
{
    // A departure is final: a late Added/Updated refreshes the facts but never brings the person back onto the map.
    private const string Upsert = """
        INSERT INTO stakeholders (id, account_id, name, buying_roles, stance, influence, active, as_of)
        VALUES (@StakeholderId, @AccountId, @Name, @BuyingRoles, @Stance, @Influence, true, @OccurredAt)
        ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id, name = EXCLUDED.name, buying_roles = EXCLUDED.buying_roles,
            stance = EXCLUDED.stance, influence = EXCLUDED.influence, as_of = EXCLUDED.as_of
        WHERE stakeholders.as_of <= EXCLUDED.as_of
        """;

    public static Task ApplyAsync(UnitOfWork work, Guid stakeholderId, Guid accountId, string name, IReadOnlyList<string> roles, string stance,
        int influence, DateTimeOffset occurredAt, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(Upsert, new
        {
            StakeholderId = stakeholderId,
            AccountId = accountId,
            Name = name,
            BuyingRoles = roles.ToArray(),
            Stance = stance,
            Influence = influence,
            OccurredAt = occurredAt.UtcDateTime,
        }, work.Transaction, cancellationToken: cancellationToken));
}

[ConsumerName("on-stakeholder-added")]
public sealed class OnStakeholderAdded(NpgsqlDataSource dataSource) : InboxConsumer<StakeholderAdded>(dataSource)
{
    protected override Task HandleAsync(StakeholderAdded m, UnitOfWork work, CancellationToken cancellationToken) =>
        StakeholderProjection.ApplyAsync(work, m.StakeholderId, m.AccountId, m.Name, m.BuyingRoles, m.Stance, m.Influence, m.OccurredAt, cancellationToken);
}

[ConsumerName("on-stakeholder-updated")]
public sealed class OnStakeholderUpdated(NpgsqlDataSource dataSource) : InboxConsumer<StakeholderUpdated>(dataSource)
{
    protected override Task HandleAsync(StakeholderUpdated m, UnitOfWork work, CancellationToken cancellationToken) =>
        StakeholderProjection.ApplyAsync(work, m.StakeholderId, m.AccountId, m.Name, m.BuyingRoles, m.Stance, m.Influence, m.OccurredAt, cancellationToken);
}

/// <summary>Off the live map whatever order the events arrive in (a departure may overtake the addition).</summary>
[ConsumerName("on-stakeholder-departed")]
public sealed class OnStakeholderDeparted(NpgsqlDataSource dataSource) : InboxConsumer<StakeholderDeparted>(dataSource)
{
    private const string Depart = """
        INSERT INTO stakeholders (id, account_id, name, buying_roles, stance, influence, active, as_of)
        VALUES (@StakeholderId, @AccountId, '', @BuyingRoles, @Stance, @Influence, false, @OccurredAt)
        ON CONFLICT (id) DO UPDATE SET active = false, as_of = greatest(stakeholders.as_of, EXCLUDED.as_of)
        """;

    protected override Task HandleAsync(StakeholderDeparted m, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(Depart, new
        {
            m.StakeholderId,
            m.AccountId,
            BuyingRoles = m.BuyingRoles.ToArray(),
            m.Stance,
            m.Influence,
            OccurredAt = m.OccurredAt.UtcDateTime,
        }, work.Transaction, cancellationToken: cancellationToken));
}

[ConsumerName("on-interaction-logged")]
public sealed class OnInteractionLogged(NpgsqlDataSource dataSource) : InboxConsumer<InteractionLogged>(dataSource)
{
    private const string Insert = """
        INSERT INTO interactions (id, account_id, stakeholder_ids, occurred_at) VALUES (@InteractionId, @AccountId, @StakeholderIds, @At)
        ON CONFLICT (id) DO NOTHING
        """;

    protected override Task HandleAsync(InteractionLogged m, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            m.InteractionId,
            m.AccountId,
            StakeholderIds = m.StakeholderIds.ToArray(),
            At = m.InteractionAt.UtcDateTime,
        }, work.Transaction, cancellationToken: cancellationToken));
}
