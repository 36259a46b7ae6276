using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using KaPlatform.LocalInfra;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;
using MassTransit;
using Npgsql;

namespace KaPlatform.EndToEnd.Tests;

/// <summary>The AppHost's --replicas 2: two instances of every service behind one address each.</summary>
public sealed class ReplicatedPlatformFixture : PlatformFixture
{
    protected override int Replicas => 2;

    /// <summary>This test needs no dashboard; one process fewer on a shared machine.</summary>
    protected override bool WithDashboard => false;
}

/// <summary>
/// Two replicas of accounts-api and contracts-api; one of each is SIGKILLed in the middle of a burst of OpportunityWon
/// events and account registrations. Every event is applied exactly once (two outbox relays and two inbox consumers
/// compete on one database each) and no request is lost: a caller whose request died with its replica retries with
/// the same Idempotency-Key, the orchestrator's proxy sends it to the survivor, and the key keeps it from being
/// applied twice.
/// </summary>
public sealed class ReplicaFailoverTests(ReplicatedPlatformFixture fixture) : IClassFixture<ReplicatedPlatformFixture>
{
    private const int Events = 60;
    private const int Registrations = 40;

    [Fact]
    public async Task Killing_a_replica_mid_burst_loses_and_doubles_nothing()
    {
        Assert.Equal(2, fixture.ProcessIds(PlatformLayout.Accounts.Name).Count);
        Assert.Equal(2, fixture.ProcessIds(PlatformLayout.Contracts.Name).Count);
        var ownerId = Guid.NewGuid();
        using var kam = await fixture.SignInAsync(ownerId, Roles.KeyAccountManager, "华东");
        var account = await RegisterAsync(kam, "复制集测试集团", Guid.NewGuid().ToString());
        using var admin = await fixture.SignInAsync(Guid.NewGuid(), Roles.Admin);
        await Eventually.TrueAsync(async () => (await admin.GetAsync($"/api/contracts/accounts/{account}")).StatusCode == HttpStatusCode.OK,
            what: "account in contracts-api's directory");

        var broker = new Uri(await fixture.App.GetConnectionStringAsync("eventbus") ?? throw new InvalidOperationException("no eventbus"));
        var bus = Bus.Factory.CreateUsingRabbitMq(c => c.Host(broker));
        await bus.StartAsync();
        var wins = Enumerable.Range(0, Events).Select(i => new OpportunityWon(Guid.CreateVersion7(), DateTimeOffset.UtcNow, account, Guid.CreateVersion7(),
            ownerId, "new_business", 100_000m + i, "CNY", new DateOnly(2026, 3, 1), $"复制集项目 {i}")).ToArray();
        var retries = 0;
        var registered = new ConcurrentDictionary<string, Guid>();
        try
        {
            var publishing = Task.Run(async () =>
            {
                foreach (var won in wins)
                {
                    await bus.Publish(won, c => c.MessageId = won.EventId);
                    await Task.Delay(20);
                }
            });
            var writing = Task.Run(async () =>
            {
                for (var i = 0; i < Registrations; i++)
                {
                    var key = Guid.NewGuid().ToString();
                    var (id, attempts) = await RegisterWithRetryAsync(kam, $"复制集客户 {i}", key);
                    registered[key] = id;
                    Interlocked.Add(ref retries, attempts - 1);
                }
            });

            // Mid-burst: one replica of each dies without any shutdown code running.
            await Eventually.TrueAsync(() => Task.FromResult(registered.Count >= Registrations / 4), what: "burst under way");
            Kill(fixture.ProcessIds(PlatformLayout.Accounts.Name)[0]);
            Kill(fixture.ProcessIds(PlatformLayout.Contracts.Name)[0]);
            await Task.WhenAll(publishing, writing);
            // The broker redelivered what the dead consumer held; publish a few again as an at-least-once sender would.
            foreach (var won in wins.Take(5))
            {
                await bus.Publish(won, c => c.MessageId = won.EventId);
            }
        }
        finally
        {
            await bus.StopAsync();
        }

        // Every OpportunityWon drafted exactly one contract; every registration is exactly one account.
        await using var contracts = new NpgsqlConnection(await fixture.DatabaseConnectionStringAsync(PlatformLayout.Contracts.Database!));
        await contracts.OpenAsync();
        var drafted = await Eventually.GetAsync(async () =>
        {
            var counts = await CountsAsync(contracts, "SELECT opportunity_id, count(*) FROM contracts WHERE account_id = $1 GROUP BY opportunity_id", account);
            return counts.Count == Events ? counts : null;
        }, TimeSpan.FromSeconds(90), "a contract for every OpportunityWon");
        await using var accounts = new NpgsqlConnection(await fixture.DatabaseConnectionStringAsync(PlatformLayout.Accounts.Database!));
        await accounts.OpenAsync();
        var created = await CountsAsync(accounts, "SELECT id, count(*) FROM accounts WHERE owner_id = $1 GROUP BY id", ownerId);
        var duplicates = drafted.Values.Count(c => c > 1) + (created.Count - Registrations - 1);
        var lost = wins.Count(w => !drafted.ContainsKey(w.OpportunityId)) + registered.Values.Count(id => !created.ContainsKey(id));

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"events {Events} (+5 republished), registrations {Registrations}, retried requests {retries}, duplicates {duplicates}, lost {lost}");
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicates);
        Assert.All(drafted.Values, c => Assert.Equal(1L, c));
        Assert.Equal(Registrations, registered.Values.Distinct().Count());
    }

    /// <summary>
    /// A POST that died with its replica (connection reset, 502/503) is sent again with the same key. The dead replica's
    /// lock on the key went with its connection, so the retry runs at once if the first attempt had not committed; if
    /// it had, the answer was lost with the process and the retry is told which account it made (409
    /// idempotency_answer_lost). 409 idempotency_in_progress: the first attempt is still running somewhere.
    /// </summary>
    private static async Task<(Guid Id, int Attempts)> RegisterWithRetryAsync(HttpClient client, string name, string key)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await RegisterAsync(client, name, key), attempt);
            }
            catch (Exception ex) when (clock.Elapsed < TimeSpan.FromMinutes(2) && ex is HttpRequestException or TaskCanceledException or RetryableStatus)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    private static async Task<Guid> RegisterAsync(HttpClient client, string name, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/accounts") { Content = JsonContent.Create(new { name, region = "华东" }) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
        {
            throw new RetryableStatus();
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return body.GetProperty("code").GetString() == "idempotency_answer_lost"
                ? body.GetProperty("params").GetProperty("entityId").GetGuid()
                : throw new RetryableStatus();
        }

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return body.GetProperty("id").GetGuid();
    }

    private static void Kill(int pid) => System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true);

    private static async Task<Dictionary<Guid, long>> CountsAsync(NpgsqlConnection connection, string sql, Guid parameter)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = parameter } } };
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<Guid, long>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private sealed class RetryableStatus : Exception;
}
