using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;
using Npgsql;

namespace KaPlatform.Accounts.Tests;

/// <summary>
/// The database goes away under a running service, for real: its sessions are terminated (what a restart or a
/// failover does to them) and it refuses new ones until it is back. Every request meanwhile answers 503 with
/// Retry-After and changes nothing; once it is back, the same requests succeed, a keyed create retried with its key
/// is stored once, and its event leaves through the outbox.
/// </summary>
public sealed class DatabaseOutageTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task Requests_during_an_outage_answer_503_with_retry_after_and_a_keyed_create_retried_afterwards_is_stored_once()
    {
        await using var service = await ServiceFactory<Program>.StartAsync(infra, "accountsdb");
        var userId = Guid.NewGuid();
        using var client = service.ClientFor(userId, Roles.KeyAccountManager, "华东");
        var known = await AccountsFixture.RegisterIdAsync(client, "舟山绿色石化");

        var during = new List<(string What, HttpStatusCode Status, string? Code, string? RetryAfter)>();
        await using (await DatabaseOutage.BeginAsync(infra.PostgresAdmin, service.DatabaseConnectionString))
        {
            // The first request meets pooled sessions the server has ended; the later ones a server refusing new sessions.
            foreach (var (what, send) in Requests(client, known))
            {
                using var response = await send();
                var body = await response.Content.ReadAsStringAsync();
                var code = body.Length > 0 ? JsonDocument.Parse(body).RootElement.GetProperty("code").GetString() : null;
                during.Add((what, response.StatusCode, code, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString()));
            }
        }

        Assert.All(during, d => Assert.Equal((d.What, HttpStatusCode.ServiceUnavailable, "database_unavailable", "5"), d));

        using var retried = await KeyedCreateAsync(client);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        using var read = await client.GetAsync($"/api/accounts/{known}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        await using var db = new NpgsqlConnection(service.DatabaseConnectionString);
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM accounts WHERE owner_id = @userId AND name = '嘉兴港区'", new { userId }));
        // The relay's LISTEN session was ended too: the new account's event still leaves.
        await Eventually.TrueAsync(async () => await db.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM outbox WHERE message_type LIKE '%AccountRegistered%' AND body ->> 'name' = '嘉兴港区' AND sent_at IS NOT NULL") == 1,
            what: "AccountRegistered sent after the outage");
    }

    [Fact]
    public async Task A_keyed_create_whose_session_ends_mid_request_answers_503_and_its_retry_is_stored_once()
    {
        await using var service = await ServiceFactory<Program>.StartAsync(infra, "accountsdb");
        var userId = Guid.NewGuid();
        using var client = service.ClientFor(userId, Roles.KeyAccountManager, "华东");
        await AccountsFixture.RegisterIdAsync(client, "舟山绿色石化");

        // Hold the request inside the idempotency claim (it holds its key's lock and waits on the table), then end its sessions.
        await using var blocker = new NpgsqlConnection(service.DatabaseConnectionString);
        await blocker.OpenAsync();
        await using (var hold = await blocker.BeginTransactionAsync())
        {
            await blocker.ExecuteAsync("LOCK TABLE idempotency_keys IN ACCESS EXCLUSIVE MODE", transaction: hold);
            var pending = KeyedCreateAsync(client);
            await Eventually.TrueAsync(async () => await blocker.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM pg_locks WHERE relation = 'idempotency_keys'::regclass AND NOT granted", transaction: hold) > 0,
                what: "the create waiting on the claim");
            await using (await DatabaseOutage.BeginAsync(infra.PostgresAdmin, service.DatabaseConnectionString, except: blocker.ProcessID))
            {
                using var failed = await pending;
                var problem = await failed.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
                Assert.Equal("database_unavailable", problem.GetProperty("code").GetString());
            }
        }

        using var retried = await KeyedCreateAsync(client);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(1, await blocker.ExecuteScalarAsync<int>("SELECT count(*) FROM accounts WHERE owner_id = @userId AND name = '嘉兴港区'", new { userId }));
    }

    private static IEnumerable<(string What, Func<Task<HttpResponseMessage>> Send)> Requests(HttpClient client, Guid known) =>
    [
        ("read one", () => client.GetAsync($"/api/accounts/{known}")),
        ("list", () => client.GetAsync("/api/accounts?limit=5")),
        ("keyed create", () => KeyedCreateAsync(client)),
        ("unkeyed update", () => client.PatchAsJsonAsync($"/api/accounts/{known}", new { industry = "石化" })),
        ("read one again", () => client.GetAsync($"/api/accounts/{known}")),
    ];

    private static Task<HttpResponseMessage> KeyedCreateAsync(HttpClient client) =>
        AccountsFixture.RegisterWithKeyAsync(client, "created-during-outage", "嘉兴港区");
}
