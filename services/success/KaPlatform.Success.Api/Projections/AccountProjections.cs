using Dapper;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.Success.Api.Shared;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Success.Api.Projections;

/// <summary>Registration starts the engagement clock and gives the account its first health score.</summary>
[ConsumerName("project-account-registered")]
public sealed class OnAccountRegistered(NpgsqlDataSource db, IOptions<SuccessOptions> options) : HealthAffectingConsumer<AccountRegistered>(db, options)
{
    protected override Task ApplyAsync(AccountRegistered message, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO success_accounts (account_id, registered_at) VALUES (@AccountId, @OccurredAt)
            ON CONFLICT (account_id) DO UPDATE SET registered_at = EXCLUDED.registered_at
            """, new { message.AccountId, message.OccurredAt }, work.Transaction, cancellationToken: cancellationToken));
}

/// <summary>The class sets the engagement cadence and the revenue filter.</summary>
[ConsumerName("project-account-classified")]
public sealed class OnAccountClassified(NpgsqlDataSource db, IOptions<SuccessOptions> options) : HealthAffectingConsumer<AccountClassified>(db, options)
{
    protected override Task ApplyAsync(AccountClassified message, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO success_accounts (account_id, class, classified_at) VALUES (@AccountId, @Class, @OccurredAt)
            ON CONFLICT (account_id) DO UPDATE SET class = EXCLUDED.class, classified_at = EXCLUDED.classified_at
            WHERE success_accounts.classified_at IS NULL OR success_accounts.classified_at <= EXCLUDED.classified_at
            """, new { message.AccountId, message.Class, message.OccurredAt }, work.Transaction, cancellationToken: cancellationToken));
}

[ConsumerName("project-interaction-logged")]
public sealed class OnInteractionLogged(NpgsqlDataSource db, IOptions<SuccessOptions> options) : HealthAffectingConsumer<InteractionLogged>(db, options)
{
    protected override Task ApplyAsync(InteractionLogged message, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO interactions (id, account_id, kind, occurred_at, stakeholder_ids)
            VALUES (@InteractionId, @AccountId, @Kind, @InteractionAt, @StakeholderIds) ON CONFLICT (id) DO NOTHING
            """,
            new { message.InteractionId, message.AccountId, message.Kind, message.InteractionAt, StakeholderIds = message.StakeholderIds.ToArray() },
            work.Transaction, cancellationToken: cancellationToken));
}
