using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;
using Npgsql;

namespace KaPlatform.Accounts.Tests;

/// <summary>
/// A retry after the first attempt's process died (docs/api-contract.md "Idempotency"): before its commit, the retry
/// runs at once; after it, the retry creates nothing and names the record. The process death is played here by its
/// traces in the database (a pending row nobody locks, a committed row without an answer); ReplicaFailoverTests kills
/// real replicas.
/// </summary>
public sealed class IdempotencyRecoveryTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task A_key_whose_first_attempt_died_before_committing_runs_again_at_once()
    {
        await using var service = await ServiceFactory<Program>.StartAsync(infra, "accountsdb");
        var userId = Guid.NewGuid();
        using var client = service.ClientFor(userId, Roles.KeyAccountManager, "华东");
        await using var db = await OpenAsync(service);
        // What a claim left behind by a process killed mid-request looks like: pending, no lock held.
        await db.ExecuteAsync(
            "INSERT INTO idempotency_keys (key, user_id, request_path, state) VALUES ('died-before-commit', @userId, '/api/accounts', 'pending')",
            new { userId });

        using var response = await AccountsFixture.RegisterWithKeyAsync(client, "died-before-commit", "宁波舟山港");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await CountAsync(db, userId, "宁波舟山港"));
    }

    [Fact]
    public async Task A_key_held_by_a_live_request_answers_409_until_it_ends()
    {
        await using var service = await ServiceFactory<Program>.StartAsync(infra, "accountsdb");
        var userId = Guid.NewGuid();
        using var client = service.ClientFor(userId, Roles.KeyAccountManager, "华东");
        await using var holder = await OpenAsync(service);
        // The lock a running request holds on its key, taken here by the test in its place.
        await holder.ExecuteAsync("SELECT pg_advisory_lock(hashtextextended(@name, 0))", new { name = $"idempotency:{userId}:in-flight" });

        using var busy = await AccountsFixture.RegisterWithKeyAsync(client, "in-flight", "苏州工业园区");
        await holder.ExecuteAsync("SELECT pg_advisory_unlock(hashtextextended(@name, 0))", new { name = $"idempotency:{userId}:in-flight" });
        using var after = await AccountsFixture.RegisterWithKeyAsync(client, "in-flight", "苏州工业园区");

        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        Assert.Equal("idempotency_in_progress", (await busy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal(1, await CountAsync(holder, userId, "苏州工业园区"));
    }

    [Fact]
    public async Task A_key_whose_change_committed_but_whose_answer_was_lost_creates_nothing_again()
    {
        await using var service = await ServiceFactory<Program>.StartAsync(infra, "accountsdb");
        var userId = Guid.NewGuid();
        using var client = service.ClientFor(userId, Roles.KeyAccountManager, "华东");
        await using var db = await OpenAsync(service);
        using var first = await AccountsFixture.RegisterWithKeyAsync(client, "died-after-commit", "无锡高新区");
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        // The change's own transaction named what it created; lose the stored answer as a kill after the commit would.
        var marked = await db.QuerySingleAsync<(string EntityType, Guid EntityId)>(
            "SELECT entity_type, entity_id FROM idempotency_keys WHERE key = 'died-after-commit' AND user_id = @userId", new { userId });
        await db.ExecuteAsync(
            "UPDATE idempotency_keys SET state = 'committed', status_code = NULL, body = NULL WHERE key = 'died-after-commit' AND user_id = @userId",
            new { userId });

        using var retry = await AccountsFixture.RegisterWithKeyAsync(client, "died-after-commit", "无锡高新区");
        var problem = await retry.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(("account", id), marked);
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal("idempotency_answer_lost", problem.GetProperty("code").GetString());
        Assert.Equal(id, problem.GetProperty("params").GetProperty("entityId").GetGuid());
        Assert.Equal("account", problem.GetProperty("params").GetProperty("entityType").GetString());
        Assert.Equal(1, await CountAsync(db, userId, "无锡高新区"));
    }

    private static async Task<NpgsqlConnection> OpenAsync(ServiceFactory<Program> service)
    {
        var connection = new NpgsqlConnection(service.DatabaseConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static Task<int> CountAsync(NpgsqlConnection db, Guid ownerId, string name) =>
        db.ExecuteScalarAsync<int>("SELECT count(*) FROM accounts WHERE owner_id = @ownerId AND name = @name", new { ownerId, name });
}
