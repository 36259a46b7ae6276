using System.Text.Json;
using Dapper;
using KaPlatform.AccountDirectory;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Contracts;
using KaPlatform.Success.IntegrationEvents;

namespace KaPlatform.Opportunities.Api.Projections;

/// <summary>
/// success-api's requests for an account whose registration has not reached this service yet (another queue, or a
/// backlog after an outage): kept in <c>awaiting_account</c> (migration 0010) and opened when it arrives, in the
/// registration's transaction.
/// </summary>
internal sealed class AwaitingAccount : IAwaitsAccount
{
    private const string Keep = """
        INSERT INTO awaiting_account (event_id, account_id, kind, body) VALUES (@EventId, @AccountId, @Kind, @Body::jsonb)
        ON CONFLICT (event_id) DO NOTHING
        """;

    private const string Take = "DELETE FROM awaiting_account WHERE account_id = @accountId RETURNING kind AS Kind, body::text AS Body, received_at AS ReceivedAt";

    public static Task KeepAsync<TEvent>(UnitOfWork work, TEvent m, CancellationToken cancellationToken) where TEvent : IIntegrationEvent =>
        work.Connection.ExecuteAsync(new CommandDefinition(Keep, new { m.EventId, m.AccountId, Kind = typeof(TEvent).Name, Body = JsonSerializer.Serialize(m) },
            work.Transaction, cancellationToken: cancellationToken));

    public async Task AccountArrivedAsync(UnitOfWork work, Guid accountId, CancellationToken cancellationToken)
    {
        var kept = await work.Connection.QueryAsync<Kept>(new CommandDefinition(Take, new { accountId }, work.Transaction, cancellationToken: cancellationToken));
        foreach (var request in kept.OrderBy(k => k.ReceivedAt))
        {
            await (request.Kind switch
            {
                nameof(RenewalDue) => OnRenewalDue.OpenAsync(work, JsonSerializer.Deserialize<RenewalDue>(request.Body)!, cancellationToken),
                nameof(ExpansionIdentified) => OnExpansionIdentified.OpenAsync(work, JsonSerializer.Deserialize<ExpansionIdentified>(request.Body)!, cancellationToken),
                _ => throw new InvalidOperationException($"awaiting_account holds an unknown kind: {request.Kind}"),
            });
        }
    }

    private sealed class Kept
    {
        public string Kind { get; init; } = "";
        public string Body { get; init; } = "";
        public DateTime ReceivedAt { get; init; }
    }
}
