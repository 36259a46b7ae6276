using System.Net;
using System.Text.Json;
using KaPlatform.LocalInfra;
using KaPlatform.Testing;

namespace KaPlatform.Gateway.Tests;

/// <summary>docs/product.md §7: GET /health on the gateway reports each service and the (real) broker; no token needed.</summary>
public sealed class HealthTests(InfrastructureFixture infra, StubBackendsFixture backends) : IClassFixture<StubBackendsFixture>
{
    private const string Broker = "eventbus"; // EventBusHealthCheck.Name
    private const string OpsKeySetting = "Ops:ApiKey";
    private const string OpsKey = "ops-key-for-tests-5b1e";

    [Fact]
    public async Task Anonymous_callers_get_the_status_only_and_ops_the_details()
    {
        await using var gateway = GatewayFactory.Start(backends, new() { ["ConnectionStrings:eventbus"] = await infra.CreateEventBusAsync(), [OpsKeySetting] = OpsKey });

        using var anonymous = await gateway.Client().GetAsync("/health");
        using var body = JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.False(body.RootElement.TryGetProperty("entries", out _), "anonymous /health must not list dependencies");

        var wrongKey = gateway.Client();
        wrongKey.DefaultRequestHeaders.Add("X-Ops-Key", "not-the-key");
        using var guessed = await wrongKey.GetAsync("/health");
        Assert.DoesNotContain("entries", await guessed.Content.ReadAsStringAsync());

        using var metrics = await gateway.Client().GetAsync("/metrics");
        Assert.DoesNotContain("# TYPE", await metrics.Content.ReadAsStringAsync());
        using var opsMetrics = await OpsClient(gateway).GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, opsMetrics.StatusCode);
        Assert.Contains("# TYPE", await opsMetrics.Content.ReadAsStringAsync());
    }

    private static HttpClient OpsClient(GatewayFactory gateway)
    {
        var client = gateway.Client();
        client.DefaultRequestHeaders.Add("X-Ops-Key", OpsKey);
        return client;
    }

    [Fact]
    public async Task All_up_is_200_with_an_entry_per_service_and_the_broker()
    {
        await using var gateway = GatewayFactory.Start(backends, new() { ["ConnectionStrings:eventbus"] = await infra.CreateEventBusAsync(), [OpsKeySetting] = OpsKey });
        using var response = await OpsClient(gateway).GetAsync("/health");

        var entries = await EntriesAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var name in StubBackendsFixture.Services.Append(Broker))
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
            [OpsKeySetting] = OpsKey,
        });
        using var response = await OpsClient(gateway).GetAsync("/health");

        var entries = await EntriesAsync(response);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", entries["contracts-api"]);
        Assert.All(StubBackendsFixture.Services.Where(s => s != "contracts-api").Append(Broker), s => Assert.Equal("Healthy", entries[s]));
    }

    [Fact]
    public async Task A_healthy_answer_from_another_service_is_503_and_that_entry_unhealthy()
    {
        // contracts-api's address points at accounts-api: a 200 from the wrong process must not count.
        await using var gateway = GatewayFactory.Start(backends, new()
        {
            ["ConnectionStrings:eventbus"] = await infra.CreateEventBusAsync(),
            ["services:contracts-api:http:0"] = backends.Addresses["accounts-api"].ToString(),
            [OpsKeySetting] = OpsKey,
        });
        using var response = await OpsClient(gateway).GetAsync("/health");

        var entries = await EntriesAsync(response);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", entries["contracts-api"]);
        Assert.Equal("Healthy", entries["accounts-api"]);
    }

    [Fact]
    public async Task Broker_refusing_the_virtual_host_is_503_and_its_entry_unhealthy()
    {
        var missingVhost = new UriBuilder(await infra.CreateEventBusAsync()) { Path = "/no-such-vhost-" + Guid.NewGuid().ToString("N")[..8] };
        await using var gateway = GatewayFactory.Start(backends, new() { ["ConnectionStrings:eventbus"] = missingVhost.Uri.ToString(), [OpsKeySetting] = OpsKey });
        using var response = await OpsClient(gateway).GetAsync("/health");

        var entries = await EntriesAsync(response);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", entries[Broker]);
        Assert.All(StubBackendsFixture.Services, s => Assert.Equal("Healthy", entries[s]));
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
