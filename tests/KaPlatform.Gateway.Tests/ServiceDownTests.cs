using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace KaPlatform.Gateway.Tests;

/// <summary>
/// A service that does not answer (restarting, killed, not yet up): the gateway says so in a problem the workspace can
/// translate, with Retry-After, instead of an empty 502.
/// </summary>
public sealed class ServiceDownTests(StubBackendsFixture backends) : IClassFixture<StubBackendsFixture>
{
    [Fact]
    public async Task A_service_that_refuses_connections_is_503_service_unavailable_with_retry_after()
    {
        await using var gateway = GatewayFactory.Start(backends, new() { ["services:contracts-api:http:0"] = $"http://127.0.0.1:{ClosedPort()}" });
        using var response = await gateway.Client(Guid.NewGuid()).GetAsync("/api/contracts?limit=5");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("service_unavailable", problem.GetProperty("code").GetString());
        Assert.Equal("contracts-api", problem.GetProperty("params").GetProperty("service").GetString());
        Assert.Equal(5, problem.GetProperty("params").GetProperty("retryAfterSeconds").GetInt32());
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);

        // The others still answer.
        using var accounts = await gateway.Client(Guid.NewGuid()).GetAsync("/api/accounts");
        Assert.Equal(HttpStatusCode.OK, accounts.StatusCode);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
