using KaPlatform.ServiceDefaults;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Contracts;
using KaPlatform.Messaging.Inbox;
using KaPlatform.Success.Api.Health;
using KaPlatform.Success.Api.Shared;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Success.Api.Projections;

/// <summary>
/// A projection whose change can move the account's health: the projection and the recomputed score (with its
/// history, band event and alerts) commit in the inbox transaction, so a redelivery changes nothing twice.
/// </summary>
public abstract class HealthAffectingConsumer<T>(NpgsqlDataSource dataSource, IOptions<SuccessOptions> options)
    : InboxConsumer<T>(dataSource) where T : class, IIntegrationEvent
{
    protected SuccessOptions Options { get; } = options.Value;

    protected abstract Task ApplyAsync(T message, UnitOfWork work, CancellationToken cancellationToken);

    protected sealed override async Task HandleAsync(T message, UnitOfWork work, CancellationToken cancellationToken)
    {
        await ApplyAsync(message, work, cancellationToken);
        await HealthRecalculation.RecomputeAsync(work, message.AccountId, BusinessCalendar.Current.Today, Options, cancellationToken);
    }
}
