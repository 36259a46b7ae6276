using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KaPlatform.Opportunities.Tests;

/// <summary>
/// One opportunities-api per test class on its own database and virtual host. Accounts, stakeholders and
/// interactions reach it the way they do in production: as accounts-api events on the bus.
/// </summary>
public sealed class OpportunitiesFixture(InfrastructureFixture infra) : IAsyncLifetime
{
    public ServiceFactory<Program> Factory { get; private set; } = null!;

    public IBus Bus => Factory.Services.GetRequiredService<IBus>();

    public async ValueTask InitializeAsync() => Factory = await ServiceFactory<Program>.StartAsync(infra, "opportunitiesdb");

    public async ValueTask DisposeAsync()
    {
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }
    }

    public HttpClient Client(Guid userId, string role, string? region = null) => Factory.ClientFor(userId, role, region);

    public async Task<T> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(Factory.DatabaseConnectionString);
        return await connection.QuerySingleAsync<T>(sql, parameters);
    }

    /// <summary>Registers an account in accounts-api's name and waits until this service's directory has it.</summary>
    public async Task<Guid> AccountAsync(string region, Guid ownerId, params Guid[] team)
    {
        var id = Guid.CreateVersion7();
        await Bus.Publish(new AccountRegistered(Guid.CreateVersion7(), DateTimeOffset.UtcNow, id, "测试客户 " + id.ToString()[..8], region, ownerId, null,
            [ownerId, .. team]));
        await WaitForAsync("SELECT count(*) FROM account_directory WHERE id = @id", new { id });
        return id;
    }

    public async Task<Guid> StakeholderAsync(Guid accountId, string stance, params string[] roles)
    {
        var id = Guid.CreateVersion7();
        await Bus.Publish(new StakeholderAdded(Guid.CreateVersion7(), DateTimeOffset.UtcNow, accountId, id, "张三", "CIO", roles, 4, stance, 60m));
        await WaitForAsync("SELECT count(*) FROM stakeholders WHERE id = @id", new { id });
        return id;
    }

    public async Task InteractionAsync(Guid accountId, DateTimeOffset at, params Guid[] stakeholderIds)
    {
        var id = Guid.CreateVersion7();
        await Bus.Publish(new InteractionLogged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, accountId, id, "visit", at, stakeholderIds));
        await WaitForAsync("SELECT count(*) FROM interactions WHERE id = @id", new { id });
    }

    /// <summary>A temporary queue bound to an event's exchange: what other services would receive from the broker.</summary>
    public async Task<System.Collections.Concurrent.ConcurrentQueue<T>> ListenAsync<T>() where T : class
    {
        var received = new System.Collections.Concurrent.ConcurrentQueue<T>();
        var handle = Bus.ConnectReceiveEndpoint("test-" + typeof(T).Name + "-" + Guid.NewGuid().ToString("N")[..8], e =>
            e.Handler<T>(context =>
            {
                received.Enqueue(context.Message);
                return Task.CompletedTask;
            }));
        await handle.Ready;
        return received;
    }

    /// <summary>Polls a count query until it is at least <paramref name="expected"/>.</summary>
    public Task WaitForAsync(string countSql, object parameters, long expected = 1) =>
        Eventually.TrueAsync(async () => await QueryAsync<long>(countSql, parameters) >= expected, what: countSql);
}

/// <summary>JSON over HTTP with the answer's status and body in one value.</summary>
public static class Http
{
    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(this HttpClient client, HttpMethod method, string url, object? body = null,
        string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text));
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(this HttpClient client, string url, object? body = null) =>
        client.SendAsync(HttpMethod.Post, url, body ?? new { });

    public static Task<(HttpStatusCode Status, JsonElement Body)> GetJsonAsync(this HttpClient client, string url) =>
        client.SendAsync(HttpMethod.Get, url);

    public static Task<(HttpStatusCode Status, JsonElement Body)> PatchAsync(this HttpClient client, string url, object body, string? ifMatch = null) =>
        client.SendAsync(HttpMethod.Patch, url, body, ifMatch);

    /// <summary>Asserts the status (showing the body when it differs) and answers the body.</summary>
    public static JsonElement Expect(this (HttpStatusCode Status, JsonElement Body) answer, HttpStatusCode status)
    {
        Assert.True(answer.Status == status, $"expected {(int)status}, got {(int)answer.Status}: {answer.Body}");
        return answer.Body;
    }

    public static string[] Strings(this JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}

/// <summary>Opportunity-shaped shortcuts used across test classes.</summary>
public static class Deals
{
    public static async Task<Guid> OpenAsync(this HttpClient client, Guid accountId, decimal amount = 100_000m, string? expectedCloseDate = "2026-12-15",
        Guid? ownerId = null, string name = "核心网扩容")
    {
        var body = (await client.PostAsync("/api/opportunities", new { accountId, name, amount, expectedCloseDate, ownerId })).Expect(HttpStatusCode.Created);
        return body.GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> MoveAsync(this HttpClient client, Guid id, string stage, string? overrideReason = null) =>
        (await client.PostAsync($"/api/opportunities/{id}/stage",
            overrideReason is null ? new { stage } : new { stage, @override = new { reason = overrideReason } })).Expect(HttpStatusCode.OK);

    public static string Region() => "区域-" + Guid.NewGuid().ToString("N")[..8];
}
