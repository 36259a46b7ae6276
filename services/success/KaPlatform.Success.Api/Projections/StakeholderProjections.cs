using Dapper;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Texts;
using KaPlatform.Success.Api.Alerts;
using KaPlatform.Success.Api.Health;
using KaPlatform.Success.Api.Shared;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Success.Api.Projections;

/// <summary>Added and updated carry the stakeholder's whole current state; an older event never overwrites a newer one.</summary>
internal static class StakeholderRows
{
    public const string Upsert = """
        INSERT INTO stakeholders (id, account_id, name, title, buying_roles, influence, stance, composite_closeness, as_of)
        VALUES (@StakeholderId, @AccountId, @Name, @Title, @BuyingRoles, @Influence, @Stance, @CompositeCloseness, @OccurredAt)
        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, title = EXCLUDED.title, buying_roles = EXCLUDED.buying_roles,
            influence = EXCLUDED.influence, stance = EXCLUDED.stance, composite_closeness = EXCLUDED.composite_closeness,
            as_of = EXCLUDED.as_of
        WHERE stakeholders.as_of <= EXCLUDED.as_of
        """;

    public static Task UpsertAsync(UnitOfWork work, object row, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(Upsert, row, work.Transaction, cancellationToken: cancellationToken));
}

[ConsumerName("project-stakeholder-added")]
public sealed class OnStakeholderAdded(NpgsqlDataSource db, IOptions<SuccessOptions> options) : HealthAffectingConsumer<StakeholderAdded>(db, options)
{
    protected override Task ApplyAsync(StakeholderAdded m, UnitOfWork work, CancellationToken cancellationToken) =>
        StakeholderRows.UpsertAsync(work, new
        {
            m.StakeholderId, m.AccountId, m.Name, m.Title, BuyingRoles = m.BuyingRoles.ToArray(), m.Influence, m.Stance, m.CompositeCloseness, m.OccurredAt,
        }, cancellationToken);
}

[ConsumerName("project-stakeholder-updated")]
public sealed class OnStakeholderUpdated(NpgsqlDataSource db, IOptions<SuccessOptions> options) : HealthAffectingConsumer<StakeholderUpdated>(db, options)
{
    protected override Task ApplyAsync(StakeholderUpdated m, UnitOfWork work, CancellationToken cancellationToken) =>
        StakeholderRows.UpsertAsync(work, new
        {
            m.StakeholderId, m.AccountId, m.Name, m.Title, BuyingRoles = m.BuyingRoles.ToArray(), m.Influence, m.Stance, m.CompositeCloseness, m.OccurredAt,
        }, cancellationToken);
}

/// <summary>A departed economic buyer, decision maker, coach or ally opens a champion_departed alert (docs/product.md §4.2).</summary>
[ConsumerName("project-stakeholder-departed")]
public sealed class OnStakeholderDeparted(NpgsqlDataSource db, IOptions<SuccessOptions> options) : HealthAffectingConsumer<StakeholderDeparted>(db, options)
{
    protected override async Task ApplyAsync(StakeholderDeparted m, UnitOfWork work, CancellationToken cancellationToken)
    {
        // The departure may overtake the StakeholderAdded it follows: keep what the event says about the person, with
        // an as_of that lets the late Added still fill in name and closeness (departed_at is never overwritten).
        var name = await work.Connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """
            INSERT INTO stakeholders (id, account_id, name, buying_roles, influence, stance, composite_closeness, departed_at, as_of)
            VALUES (@StakeholderId, @AccountId, @Name, @BuyingRoles, @Influence, @Stance, 0, @LeftAt, '-infinity')
            ON CONFLICT (id) DO UPDATE SET departed_at = EXCLUDED.departed_at, buying_roles = EXCLUDED.buying_roles,
                stance = EXCLUDED.stance, influence = EXCLUDED.influence,
                name = CASE WHEN EXCLUDED.name = '' THEN stakeholders.name ELSE EXCLUDED.name END
            RETURNING name
            """,
            new { m.StakeholderId, m.AccountId, Name = m.Name ?? "", BuyingRoles = m.BuyingRoles.ToArray(), m.Influence, m.Stance, m.LeftAt },
            work.Transaction, cancellationToken: cancellationToken));

        if (HealthScore.IsKeyPerson(m.BuyingRoles, m.Stance))
        {
            var who = string.IsNullOrEmpty(name) ? m.StakeholderId.ToString() : name;
            var roles = string.Join("/", m.BuyingRoles.Append(m.Stance).Distinct());
            await RiskAlerts.RaiseAsync(work, m.AccountId, "champion_departed", m.Influence >= 4 ? "high" : "medium",
                ServerText.Of("champion_departed", $"{who} ({roles}, influence {m.Influence}) left on {m.LeftAt:yyyy-MM-dd}.",
                    ("stakeholderId", m.StakeholderId), ("stakeholderName", name ?? ""), ("buyingRoles", m.BuyingRoles.ToArray()),
                    ("stance", m.Stance), ("influence", m.Influence), ("leftOn", m.LeftAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))),
                cancellationToken);
        }
    }
}
