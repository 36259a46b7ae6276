using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KaPlatform.Accounts.Tests;

/// <summary>
/// One accounts-api per test class (own database and virtual host); each test creates its own users and accounts,
/// so tests in a class share the service but never data.
/// </summary>
public sealed class AccountsFixture(InfrastructureFixture infra) : IAsyncLifetime
{
    public ServiceFactory<Program> Service { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Service = await ServiceFactory<Program>.StartAsync(infra, "accountsdb");
        Admin = Service.ClientFor(Guid.NewGuid(), Roles.Admin);
    }

    public async ValueTask DisposeAsync() => await Service.DisposeAsync();

    public IBus Bus => Service.Services.GetRequiredService<IBus>();

    public NpgsqlConnection Database() => new(Service.DatabaseConnectionString);

    public HttpClient ClientFor(Guid userId, string role, string? region = null) => Service.ClientFor(userId, role, region);

    /// <summary>A KAM of a fresh user id: owns what they register.</summary>
    public (Guid Id, HttpClient Client) NewKam(string region = "华东")
    {
        var id = Guid.NewGuid();
        return (id, ClientFor(id, Roles.KeyAccountManager, region));
    }

    public static async Task<JsonElement> RegisterAsync(HttpClient client, string name, string region = "华东", object? extra = null)
    {
        var body = JsonSerializer.SerializeToNode(new { name, region })!.AsObject();
        if (extra is not null)
        {
            foreach (var (key, value) in JsonSerializer.SerializeToNode(extra)!.AsObject())
            {
                body[key] = value?.DeepClone();
            }
        }

        using var response = await client.PostAsJsonAsync("/api/accounts", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>POST /api/accounts with an Idempotency-Key, as a client that may retry it does; the answer as it came.</summary>
    public static async Task<HttpResponseMessage> RegisterWithKeyAsync(HttpClient client, string key, string name, string region = "华东")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/accounts") { Content = JsonContent.Create(new { name, region }) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    public static async Task<Guid> RegisterIdAsync(HttpClient client, string name, string region = "华东", object? extra = null) =>
        (await RegisterAsync(client, name, region, extra)).GetProperty("id").GetGuid();

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> PostAsync(HttpClient client, string path, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        return await ReadAsync(response, expected);
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path);
        return await ReadAsync(response, expected);
    }

    /// <summary>The bodies of one event type about one account once the relay has handed them to the broker.</summary>
    public async Task<List<JsonElement>> PublishedAsync(string eventName, Guid accountId, int atLeast = 1)
    {
        return await Eventually.GetAsync(async () =>
        {
            await using var db = Database();
            var bodies = (await db.QueryAsync<string>(
                    "SELECT body::text FROM outbox WHERE message_type LIKE @type AND body->>'accountId' = @account AND sent_at IS NOT NULL ORDER BY seq",
                    new { type = $"KaPlatform.Accounts.IntegrationEvents.{eventName},%", account = accountId.ToString() }))
                .Select(b => JsonDocument.Parse(b).RootElement.Clone()).ToList();
            return bodies.Count >= atLeast ? bodies : null;
        }, what: $"{eventName} for {accountId} sent") ?? [];
    }

    public async Task<int> OutboxCountAsync(string eventName, Guid accountId)
    {
        await using var db = Database();
        return await db.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM outbox WHERE message_type LIKE @type AND body->>'accountId' = @account",
            new { type = $"KaPlatform.Accounts.IntegrationEvents.{eventName},%", account = accountId.ToString() });
    }

    /// <summary>
    /// Inserts <paramref name="count"/> copies of an account straight into the table, n = 1…count, each with a new id
    /// and the columns <paramref name="fields"/> sets (jsonb_build_object arguments in SQL over n and the given
    /// parameters): thousands of accounts in one statement, where registering them one by one would take minutes.
    /// Without Npgsql's 30 s command timeout: 25,000 copies write ~350,000 name pieces, which took longer than that on a
    /// CI machine busy with the other test assemblies (CI on 15e8fcb).
    /// </summary>
    public async Task CopyAccountAsync(Guid template, int count, string fields, object parameters)
    {
        var all = new DynamicParameters(parameters);
        all.Add("copy_template", template);
        all.Add("copy_count", count);
        await using var db = Database();
        await db.ExecuteAsync(
            $"""
            INSERT INTO accounts
            SELECT (jsonb_populate_record(NULL::accounts, to_jsonb(a) || jsonb_build_object('id', gen_random_uuid(), {fields}))).*
            FROM accounts a CROSS JOIN generate_series(1, @copy_count) AS n WHERE a.id = @copy_template
            """, all, commandTimeout: 300);
    }

    /// <summary>The items of a keyset-paged list, page after page by its cursors (at most maxPages pages).</summary>
    public static async Task<List<JsonElement>> PagesAsync(HttpClient client, string pathAndQuery, int limit, int maxPages = int.MaxValue)
    {
        var rows = new List<JsonElement>();
        string? cursor = null;
        for (var page = 0; page < maxPages; page++)
        {
            var answer = await GetAsync(client, $"{pathAndQuery}&limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            rows.AddRange(answer.GetProperty("items").EnumerateArray());
            cursor = answer.GetProperty("nextCursor").GetString();
            if (cursor is null)
            {
                break;
            }
        }

        return rows;
    }

    public static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
}
