using Dapper;
using KaPlatform.AccountDirectory;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Contracts;
using KaPlatform.Messaging.Inbox;
using KaPlatform.Opportunities.Api.Opportunities;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.Success.IntegrationEvents;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Projections;

/// <summary>
/// Opportunities success-api asks for. The inbox drops a redelivered message; the unique source keys (contract term,
/// need) drop a second message about the same thing — e.g. re-published under a new event id.
/// </summary>
internal static class SuccessOpportunities
{
    private static readonly KaPlatform.ServiceDefaults.Auth.Caller Success = KaPlatform.ServiceDefaults.Auth.Caller.System("success-api");

    /// <summary>
    /// The event's owner, else the account's owner. An account not known here yet keeps the request until it arrives
    /// (<see cref="AwaitingAccount"/>).
    /// </summary>
    public static async Task OpenAsync<TEvent>(UnitOfWork work, TEvent m, Guid? ownerId, Func<(string AccountName, Guid OwnerId), NewOpportunity> build,
        CancellationToken cancellationToken) where TEvent : IIntegrationEvent
    {
        var account = await FindAsync(work, m.AccountId, cancellationToken);
        if (account is null)
        {
            if (!await AccountArrival.IsKnownAsync(work, m.AccountId, cancellationToken))
            {
                await AwaitingAccount.KeepAsync(work, m, cancellationToken);
                return;
            }

            account = await FindAsync(work, m.AccountId, cancellationToken); // registered meanwhile
        }

        await OpportunityStore.OpenAsync(work, Success, build((account!.Value.Name, ownerId ?? account.Value.OwnerId)), cancellationToken);
    }

    private static Task<(string Name, Guid OwnerId)?> FindAsync(UnitOfWork work, Guid accountId, CancellationToken cancellationToken) =>
        work.Connection.QuerySingleOrDefaultAsync<(string Name, Guid OwnerId)?>(new CommandDefinition(
            "SELECT name, owner_id FROM account_directory WHERE id = @accountId", new { accountId }, work.Transaction, cancellationToken: cancellationToken));

    public static string Title(string text) => text.Length <= 200 ? text : text[..199] + "…";
}

[ConsumerName("on-renewal-due")]
public sealed class OnRenewalDue(NpgsqlDataSource dataSource) : InboxConsumer<RenewalDue>(dataSource)
{
    protected override Task HandleAsync(RenewalDue m, UnitOfWork work, CancellationToken cancellationToken) => OpenAsync(work, m, cancellationToken);

    internal static Task OpenAsync(UnitOfWork work, RenewalDue m, CancellationToken cancellationToken) =>
        SuccessOpportunities.OpenAsync(work, m, m.OwnerId, a => new NewOpportunity(
            m.AccountId, SuccessOpportunities.Title($"续约 {a.AccountName} {m.EndDate:yyyy-MM-dd}"), "renewal", m.Amount, m.Currency,
            m.EndDate, a.OwnerId, SourceContractId: m.ContractId, SourceTermEnd: m.EndDate), cancellationToken);
}

/// <summary>No expected close date: the owner sets one once the need is scoped, so a guess never inflates a period's pipeline.</summary>
[ConsumerName("on-expansion-identified")]
public sealed class OnExpansionIdentified(NpgsqlDataSource dataSource) : InboxConsumer<ExpansionIdentified>(dataSource)
{
    protected override Task HandleAsync(ExpansionIdentified m, UnitOfWork work, CancellationToken cancellationToken) => OpenAsync(work, m, cancellationToken);

    internal static Task OpenAsync(UnitOfWork work, ExpansionIdentified m, CancellationToken cancellationToken) =>
        SuccessOpportunities.OpenAsync(work, m, m.OwnerId, a => new NewOpportunity(
            m.AccountId, SuccessOpportunities.Title(m.Description), "expansion", m.EstimatedValue, m.Currency,
            null, a.OwnerId, SourceNeedId: m.NeedId), cancellationToken);
}
