using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KaPlatform.LocalInfra;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;
using Npgsql;

namespace KaPlatform.EndToEnd.Tests;

/// <summary>The walking skeleton: an account registered through the gateway shows up in every other service.</summary>
public sealed class AccountFlowTests(PlatformFixture fixture)
{
    private static readonly string[] Projections = ["/api/opportunities/accounts", "/api/contracts/accounts", "/api/success/accounts"];

    [Fact]
    public async Task A_registered_account_reaches_all_three_other_services_through_the_gateway()
    {
        var kam = Guid.NewGuid();
        using var client = await fixture.SignInAsync(kam, Roles.KeyAccountManager, "华东");

        var clock = Stopwatch.StartNew();
        var id = await RegisterAsync(client, "中国移动通信集团浙江有限公司", "华东");

        foreach (var projection in Projections)
        {
            var account = await Eventually.GetAsync(async () =>
            {
                using var response = await client.GetAsync($"{projection}/{id}");
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : (JsonElement?)null;
            }, TimeSpan.FromSeconds(10), projection) ?? throw new InvalidOperationException();
            Assert.Equal("中国移动通信集团浙江有限公司", account.GetProperty("name").GetString());
            Assert.Equal(kam, account.GetProperty("ownerId").GetGuid());
        }

        TestContext.Current.SendDiagnosticMessage($"POST → visible in all three projections: {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Callers_outside_the_team_or_region_see_nothing_anywhere()
    {
        using var owner = await fixture.SignInAsync(Guid.NewGuid(), Roles.SalesRep, "华南");
        var id = await RegisterAsync(owner, "华为技术有限公司", "华南");
        using var sameRegionDirector = await fixture.SignInAsync(Guid.NewGuid(), Roles.SalesDirector, "华南");
        await Eventually.TrueAsync(async () => (await sameRegionDirector.GetAsync($"/api/success/accounts/{id}")).StatusCode == HttpStatusCode.OK);

        using var otherRep = await fixture.SignInAsync(Guid.NewGuid(), Roles.SalesRep, "华南");
        using var otherDirector = await fixture.SignInAsync(Guid.NewGuid(), Roles.SalesDirector, "华北");
        foreach (var outsider in new[] { otherRep, otherDirector })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/accounts/{id}")).StatusCode);
            foreach (var projection in Projections)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"{projection}/{id}")).StatusCode);
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await sameRegionDirector.GetAsync($"/api/accounts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/contracts/accounts/{id}")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_gets_problem_details_and_writes_nothing()
    {
        using var client = await fixture.SignInAsync(Guid.NewGuid(), Roles.KeyAccountManager, "华东");

        using var malformed = await client.PostAsync("/api/accounts", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);

        using var missingName = await client.PostAsJsonAsync("/api/accounts", new { region = "华东" });
        Assert.Equal(HttpStatusCode.BadRequest, missingName.StatusCode);
        var problem = await missingName.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));

        using var wrongType = await client.PostAsJsonAsync("/api/accounts", new { name = "X", region = "华东", ownerId = "not-a-uuid" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);

        using var anonymous = new HttpClient { BaseAddress = fixture.Gateway.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/accounts", new { name = "X", region = "华东" })).StatusCode);
    }

    [Fact]
    public async Task A_service_killed_after_commit_and_before_publish_publishes_on_restart()
    {
        var accounts = PlatformLayout.Accounts;
        await fixture.StopAsync(accounts.Name);
        await fixture.StartAsync(accounts.Name, new Dictionary<string, string> { ["Messaging__Outbox__RelayEnabled"] = "false" });

        using var client = await fixture.SignInAsync(Guid.NewGuid(), Roles.KeyAccountManager, "华北");
        var id = await RegisterAsync(client, "国家电网有限公司", "华北");
        Assert.Equal(1L, await UnsentOutboxRowsAsync());

        await fixture.KillAsync(accounts.Name); // SIGKILL: nothing of the process's shutdown runs
        await fixture.StartAsync(accounts.Name);

        foreach (var projection in Projections)
        {
            await Eventually.TrueAsync(async () => (await client.GetAsync($"{projection}/{id}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(15), projection);
        }

        // The relay marks the row sent after the broker's confirm, which can be a moment after consumers had it.
        await Eventually.TrueAsync(async () => await UnsentOutboxRowsAsync() == 0, what: "outbox drained");
    }

    [Fact]
    public async Task Gateway_health_is_healthy_and_shows_anonymous_callers_no_details()
    {
        // docs/product.md §6: entries (addresses, errors) need X-Ops-Key; the gateway tests check them with the key. The gateway
        // answers 200 only when every service and the broker are healthy, so this still covers the whole platform.
        using var response = await fixture.Gateway.GetAsync("/health");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.False(body.TryGetProperty("entries", out _));
    }

    private static async Task<Guid> RegisterAsync(HttpClient client, string name, string region)
    {
        using var response = await client.PostAsJsonAsync("/api/accounts", new { name, region });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<long> UnsentOutboxRowsAsync()
    {
        await using var connection = new NpgsqlConnection(await fixture.DatabaseConnectionStringAsync(PlatformLayout.Accounts.Database!));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM outbox WHERE sent_at IS NULL", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
