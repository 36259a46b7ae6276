using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Data;
using KaPlatform.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KaPlatform.Accounts.Tests;

/// <summary>
/// Pooled connections go back to the pool without a reset (DatabaseSetup, issue 18): whatever a request leaves on
/// its connection meets the next request that takes it. The one session-level thing the services take, the
/// idempotency key's advisory lock, must be gone once the answer is out, on every path through the middleware.
/// </summary>
public sealed class SessionStateTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task Keyed_requests_leave_no_advisory_lock_on_the_pooled_connections()
    {
        await using var service = await ServiceFactory<Program>.StartAsync(infra, "accountsdb");
        var userId = Guid.NewGuid();
        using var client = service.ClientFor(userId, Roles.KeyAccountManager, "华东");

        using var created = await PostAsync(client, "session-1", new { name = "嘉兴港区", region = "华东" });
        using var replayed = await PostAsync(client, "session-1", new { name = "嘉兴港区", region = "华东" });
        using var otherBody = await PostAsync(client, "session-1", new { name = "湖州南浔", region = "华东" });
        using var invalid = await PostAsync(client, "session-2", new { name = "", region = "华东" });

        await using var db = new NpgsqlConnection(service.DatabaseConnectionString);
        await db.OpenAsync();
        var held = await db.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
            WHERE l.locktype = 'advisory' AND d.datname = current_database() AND l.pid <> pg_backend_pid()
            """);
        var pooled = await db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle'");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True(pooled > 0, "the service's connections stay open in its pool");
        Assert.Equal(0, held);
    }

    /// <summary>
    /// GET /api/accounts/{id} reads through the point-lookup data source, whose sessions keep generic plans (issue 18:
    /// its statement was planned on every run, 0.150 ms of planning for 0.029 ms of execution); the write before it
    /// (and the outbox behind it) used the main pool, whose sessions plan every run. Each pool names itself in pg_stat_activity.
    /// </summary>
    [Fact]
    public async Task Reading_an_account_by_id_uses_the_point_lookup_sessions_and_writing_it_the_main_ones()
    {
        await using var service = await ServiceFactory<Program>.StartAsync(infra, "accountsdb");
        using var client = service.ClientFor(Guid.NewGuid(), Roles.Admin);
        using var created = await PostAsync(client, "lookup-1", new { name = "舟山港口", region = "华东" });
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        for (var i = 0; i < 6; i++)
        {
            using var read = await client.GetAsync($"/api/accounts/{id}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        await using var db = new NpgsqlConnection(service.DatabaseConnectionString);
        await db.OpenAsync();
        var sessions = (await db.QueryAsync<(string Application, string Query)>(
            "SELECT application_name, query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")).ToList();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains(sessions, s => s.Application == "KaPlatform.Accounts.Api (point-lookups)" && s.Query.Contains("FROM accounts a WHERE a.id = $1", StringComparison.Ordinal));
        Assert.Contains(sessions, s => s.Application == "KaPlatform.Accounts.Api");
        Assert.All(sessions.Where(s => s.Application.EndsWith("(point-lookups)", StringComparison.Ordinal)),
            s => Assert.StartsWith("SELECT a.id", s.Query, StringComparison.Ordinal));
    }

    /// <summary>
    /// The point-lookup sessions are multiplexed (DatabaseSetup, issue 18): the statements of concurrent requests share
    /// sessions and are written and answered in batches. Every answer must still be its own request's: six key
    /// account managers ask at once for each other's accounts, and each sees exactly their own and a 404 for the rest.
    /// </summary>
    [Fact]
    public async Task Concurrent_reads_on_the_multiplexed_point_lookup_sessions_answer_each_caller_with_their_own_accounts()
    {
        await using var service = await ServiceFactory<Program>.StartAsync(infra, "accountsdb");
        var lookups = service.Services.GetRequiredKeyedService<NpgsqlDataSource>(DatabaseSetup.PointLookups);
        Assert.True(new NpgsqlConnectionStringBuilder(lookups.ConnectionString).Multiplexing, "the point-lookup source multiplexes");

        var managers = Enumerable.Range(0, 6).Select(_ => service.ClientFor(Guid.NewGuid(), Roles.KeyAccountManager, "华东")).ToList();
        var owned = new List<(int Manager, Guid Id, string Name)>();
        for (var m = 0; m < managers.Count; m++)
        {
            for (var a = 0; a < 3; a++)
            {
                var name = $"并发读取{m}-{a}";
                owned.Add((m, await AccountsFixture.RegisterIdAsync(managers[m], name), name));
            }
        }

        // Every manager asks for every account, five times over, all at once: 540 requests in flight together.
        var asked = (from round in Enumerable.Range(0, 5) from m in Enumerable.Range(0, managers.Count) from account in owned select (m, account)).ToList();
        var answers = await Task.WhenAll(asked.Select(async q =>
        {
            using var response = await managers[q.m].GetAsync($"/api/accounts/{q.account.Id}");
            if (!response.IsSuccessStatusCode)
            {
                return (q.m, q.account, response.StatusCode, Id: Guid.Empty, Name: (string?)null);
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return (q.m, q.account, response.StatusCode, Id: body.RootElement.GetProperty("id").GetGuid(), Name: body.RootElement.GetProperty("name").GetString());
        }));

        foreach (var answer in answers)
        {
            var own = answer.account.Manager == answer.m;
            Assert.Equal((own ? HttpStatusCode.OK : HttpStatusCode.NotFound, own ? answer.account.Id : Guid.Empty, own ? answer.account.Name : null),
                (answer.StatusCode, answer.Id, answer.Name));
        }

        foreach (var manager in managers)
        {
            manager.Dispose();
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/accounts") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }
}
