using Aspire.Hosting.Testing;
using KaPlatform.LocalInfra;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.Testing;
using MassTransit;
using Npgsql;

namespace KaPlatform.EndToEnd.Tests;

/// <summary>
/// docs/events.md item 4: a consumer applies a backlog in batches, one commit for many messages. contracts-api is
/// SIGKILLed while it drains a burst of OpportunityWon: the batch it was applying rolls back with its connection, the
/// messages it held go back to the broker, and after the restart every win has exactly one draft contract announced
/// once — none lost with the dead batch, none applied twice by the redelivery.
/// </summary>
public sealed class BatchKillTests(PlatformFixture fixture)
{
    private const int Wins = 1_000;

    [Fact]
    public async Task A_consumer_killed_while_applying_a_backlog_in_batches_loses_and_doubles_nothing()
    {
        var contracts = PlatformLayout.Contracts;
        var account = Guid.NewGuid();
        var wins = Enumerable.Range(0, Wins).Select(i => new OpportunityWon(Guid.CreateVersion7(), DateTimeOffset.UtcNow, account, Guid.CreateVersion7(),
            Guid.NewGuid(), "new_business", 50_000m + i, "CNY", new DateOnly(2026, 6, 1), $"批量中断项目 {i}")).ToArray();
        await using var db = new NpgsqlConnection(await fixture.DatabaseConnectionStringAsync(contracts.Database!));
        await db.OpenAsync();

        var broker = new Uri(await fixture.App.GetConnectionStringAsync("eventbus") ?? throw new InvalidOperationException("no eventbus"));
        var bus = Bus.Factory.CreateUsingRabbitMq(c => c.Host(broker));
        await bus.StartAsync();
        long atKill;
        try
        {
            var publishing = Task.WhenAll(wins.Select(w => bus.Publish(w, c => c.MessageId = w.EventId)));
            // Mid-drain: some contracts committed, most of the burst still queued or in the consumer's batches.
            await Eventually.TrueAsync(async () => await DraftedAsync(db, account) >= 50, what: "the drain under way");
            await fixture.KillAsync(contracts.Name);
            atKill = await DraftedAsync(db, account);
            await publishing;
        }
        finally
        {
            await bus.StopAsync();
        }

        Assert.InRange(atKill, 50, Wins - 1); // else the kill came after the drain and proved nothing
        await fixture.StartAsync(contracts.Name);
        await Eventually.TrueAsync(async () => await DraftedAsync(db, account) == Wins, TimeSpan.FromSeconds(90), "a contract for every win");

        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE n <> 1),
                   (SELECT count(*) FROM outbox WHERE message_type LIKE '%ContractDrafted%' AND (body->>'accountId')::uuid = $1)
            FROM (SELECT count(*) AS n FROM contracts WHERE account_id = $1 GROUP BY opportunity_id) per
            """, db) { Parameters = { new() { Value = account } } };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"wins {Wins}, contracts when contracts-api was killed {atKill}");
        Assert.Equal(0L, reader.GetInt64(0));
        Assert.Equal((long)Wins, reader.GetInt64(1));
    }

    private static async Task<long> DraftedAsync(NpgsqlConnection db, Guid account)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM contracts WHERE account_id = $1", db) { Parameters = { new() { Value = account } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
