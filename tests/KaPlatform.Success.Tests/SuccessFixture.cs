using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging.Contracts;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KaPlatform.Success.Tests;

/// <summary>
/// success-api in-process on its own database and virtual host, shared by a test class. Tests play the other three
/// services by publishing their events onto the bus, and watch the effects through the API and the outbox.
/// </summary>
public sealed class SuccessFixture(InfrastructureFixture infra) : IAsyncLifetime
{
    public ServiceFactory<Program> Factory { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>The test run's PostgreSQL and RabbitMQ, for a second instance of the service on this database.</summary>
    public InfrastructureFixture Infrastructure => infra;

    /// <summary>The service's own today: the business calendar's (Asia/Shanghai), a day ahead of UTC from 16:00 UTC.</summary>
    public static DateOnly Today => new KaPlatform.ServiceDefaults.BusinessCalendar(
        TimeZoneInfo.FindSystemTimeZoneById(KaPlatform.ServiceDefaults.BusinessCalendar.DefaultTimeZone), TimeProvider.System).Today;

    public async ValueTask InitializeAsync()
    {
        Factory = await ServiceFactory<Program>.StartAsync(infra, "successdb");
        Admin = Factory.ClientFor(Guid.NewGuid(), Roles.Admin);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Factory.DisposeAsync();
    }

    public HttpClient Client(string role, string? region = null, Guid? userId = null) => Factory.ClientFor(userId ?? Guid.NewGuid(), role, region);

    public Task PublishAsync<T>(T @event) where T : class, IIntegrationEvent => Factory.Services.GetRequiredService<IBus>().Publish(@event);

    public static Guid NewId() => Guid.CreateVersion7();

    public static DateTimeOffset Now => DateTimeOffset.UtcNow;

    /// <summary>Publishes AccountRegistered and waits until the account is visible here (directory and first health score).</summary>
    public async Task<Guid> RegisterAccountAsync(string region, Guid? ownerId = null, Guid? parentId = null, string? name = null)
    {
        var id = NewId();
        var owner = ownerId ?? Guid.NewGuid();
        await PublishAsync(new AccountRegistered(NewId(), Now, id, name ?? "账户 " + id.ToString()[..8], region, owner, parentId, [owner]));
        await Eventually.TrueAsync(async () => (await Admin.GetAsync($"/api/success/accounts/{id}")).StatusCode == HttpStatusCode.OK, what: "account in directory");
        await Eventually.TrueAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM health_scores WHERE account_id = @id", new { id }) > 0, what: "first health score");
        return id;
    }

    public async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls a GET until the predicate holds on its body.</summary>
    public Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> predicate, string what) =>
        Eventually.GetAsync<JsonElement?>(async () =>
        {
            using var response = await Admin.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return predicate(body) ? body : null;
        }, what: what).ContinueWith(t => t.Result!.Value, TaskScheduler.Default);

    public Task<JsonElement> WaitForHealthAsync(Guid accountId, Func<JsonElement, bool> predicate, string what) =>
        WaitForAsync($"/api/success/accounts/{accountId}/health", predicate, what);

    public Task<JsonElement[]> WaitForAlertsAsync(Guid accountId, string kind, int count = 1) =>
        Eventually.GetAsync(async () =>
        {
            var body = await GetAsync(Admin, $"/api/success/alerts?accountId={accountId}&kind={kind}");
            var items = body.GetProperty("items").EnumerateArray().ToArray();
            return items.Length >= count ? items : null;
        }, what: $"{count} {kind} alert(s)");

    /// <summary>Events this service queued for publishing, as their JSON bodies.</summary>
    public async Task<JsonElement[]> OutboxAsync(string eventName, Guid accountId)
    {
        var bodies = await QueryAsync<string>(
            "SELECT body::text FROM outbox WHERE message_type LIKE @type AND body->>'accountId' = @account ORDER BY seq",
            new { type = $"%.{eventName},%", account = accountId.ToString() });
        return bodies.Select(b => JsonSerializer.Deserialize<JsonElement>(b)).ToArray();
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(Factory.DatabaseConnectionString);
        return await Dapper.SqlMapper.ExecuteScalarAsync<T>(connection, sql, args) ?? throw new InvalidOperationException("no value");
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(Factory.DatabaseConnectionString);
        return (await Dapper.SqlMapper.QueryAsync<T>(connection, sql, args)).ToList();
    }

    public static JsonElement Component(JsonElement health, string name) =>
        health.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
}
