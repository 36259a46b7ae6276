using System.Net;
using System.Text.Json;
using KaPlatform.LocalInfra;
using KaPlatform.Testing;

namespace KaPlatform.Gateway.Tests;

/// <summary>SPEC §7: GET /health on the gateway reports each service and the (real) broker; no token needed.</summary>
public sealed class HealthTests(Infrastructure infra, StubBackends backends) : IClassFixture<StubBackends>
{
    private const string Broker = "eventbus"; // EventBusHealthCheck.Name

    [Fact]
    public async Task All_up_is_200_with_an_entry_per_service_and_the_broker()
    {
        await using var gateway = GatewayFactory.Start(backends, new() { ["ConnectionStrings:eventbus"] = await infra.CreateEventBusAsync() });
        using var response = await gateway.Client().GetAsync("/health");

        var entries = await EntriesAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var name in StubBackends.Services.Append(Broker))
        {
            Assert.True(entries.TryGetValue(name, out var status), $"no entry {name} in {string.Join(", ", entries.Keys)}");
            Assert.Equal("Healthy", status);
        }
    }

    [Fact]
    public async Task A_service_down_is_503_and_that_entry_unhealthy()
    {
        await using var gateway = GatewayFactory.Start(backends, new()
        {
            ["ConnectionStrings:eventbus"] = await infra.CreateEventBusAsync(),
            ["services:contracts-api:http:0"] = $"http://127.0.0.1:{FreePort.Next()}/",
        });
        using var response = await gateway.Client().GetAsync("/health");

        var entries = await EntriesAsync(response);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", entries["contracts-api"]);
        Assert.All(StubBackends.Services.Where(s => s != "contracts-api").Append(Broker), s => Assert.Equal("Healthy", entries[s]));
    }

    [Fact]
    public async Task A_healthy_answer_from_another_service_is_503_and_that_entry_unhealthy()
    {
        // contracts-api's address points at accounts-api: a 200 from the wrong process must not count.
        await using var gateway = GatewayFactory.Start(backends, new()
        {
            ["ConnectionStrings:eventbus"] = await infra.CreateEventBusAsync(),
            ["services:contracts-api:http:0"] = backends.Addresses["accounts-api"].ToString(),
        });
        using var response = await gateway.Client().GetAsync("/health");

        var entries = await EntriesAsync(response);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", entries["contracts-api"]);
        Assert.Equal("Healthy", entries["accounts-api"]);
    }

    [Fact]
    public async Task Broker_refusing_the_virtual_host_is_503_and_its_entry_unhealthy()
    {
        var missingVhost = new UriBuilder(await infra.CreateEventBusAsync()) { Path = "/no-such-vhost-" + Guid.NewGuid().ToString("N")[..8] };
        await using var gateway = GatewayFactory.Start(backends, new() { ["ConnectionStrings:eventbus"] = missingVhost.Uri.ToString() });
        using var response = await gateway.Client().GetAsync("/health");

        var entries = await EntriesAsync(response);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", entries[Broker]);
        Assert.All(StubBackends.Services, s => Assert.Equal("Healthy", entries[s]));
    }

    [Fact]
    public async Task Alive_needs_no_token_nor_dependencies()
    {
        await using var gateway = GatewayFactory.Start(backends, new()
        {
            ["services:accounts-api:http:0"] = $"http://127.0.0.1:{FreePort.Next()}/",
        });
        using var response = await gateway.Client().GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<Dictionary<string, string>> EntriesAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("entries").EnumerateObject()
            .ToDictionary(e => e.Name, e => e.Value.GetProperty("status").GetString()!);
    }
}
