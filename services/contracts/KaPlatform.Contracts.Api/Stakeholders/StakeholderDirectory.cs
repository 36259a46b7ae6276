using Dapper;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using KaPlatform.ServiceDefaults.Problems;
using Npgsql;

namespace KaPlatform.Contracts.Api.Stakeholders;

/// <summary>
/// Which stakeholder belongs to which account, so a follow-up's contact and a contract's payment approvers can be
/// checked (422 unknown_stakeholder) instead of stored blind. A person who left stays valid: a follow-up may record a
/// call with someone who has since left, and approvers named before a departure stay on the contract.
/// </summary>
public static class StakeholderDirectory
{
    public const string UnknownStakeholder = "unknown_stakeholder";

    /// <summary>Refuses ids that are not people of the account; the field named is the request's.</summary>
    public static async Task RequireOfAccountAsync(UnitOfWork work, Guid accountId, IReadOnlyCollection<Guid> ids, string field)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var known = await work.Connection.QuerySingleAsync<int>(
            "SELECT count(*)::int FROM stakeholders WHERE account_id = @accountId AND id = ANY(@ids)",
            new { accountId, ids = ids.Distinct().ToArray() }, work.Transaction);
        if (known != ids.Distinct().Count())
        {
            throw new BusinessRuleException(UnknownStakeholder, $"Every {field} must be a stakeholder of the contract's account.",
                extensions: new Dictionary<string, object?> { ["fields"] = new[] { field } });
        }
    }
}

[ConsumerName("on-stakeholder-added")]
public sealed class OnStakeholderAdded(NpgsqlDataSource dataSource) : InboxConsumer<StakeholderAdded>(dataSource)
{
    protected override Task HandleAsync(StakeholderAdded message, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO stakeholders (id, account_id) VALUES (@StakeholderId, @AccountId) ON CONFLICT (id) DO NOTHING",
            message, work.Transaction, cancellationToken: cancellationToken));
}

/// <summary>A departure may overtake its StakeholderAdded (separate queues): it inserts the person too.</summary>
[ConsumerName("on-stakeholder-departed")]
public sealed class OnStakeholderDeparted(NpgsqlDataSource dataSource) : InboxConsumer<StakeholderDeparted>(dataSource)
{
    protected override Task HandleAsync(StakeholderDeparted message, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO stakeholders (id, account_id, departed_on) VALUES (@StakeholderId, @AccountId, @LeftAt)
            ON CONFLICT (id) DO UPDATE SET departed_on = EXCLUDED.departed_on
            """,
            message, work.Transaction, cancellationToken: cancellationToken));
}
