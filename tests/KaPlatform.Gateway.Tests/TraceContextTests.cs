using System.Security.Cryptography;

namespace KaPlatform.Gateway.Tests;

/// <summary>docs/product.md §5: one trace spans gateway → service, so the caller's trace id reaches the service.</summary>
public sealed class TraceContextTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Incoming_trace_id_reaches_the_service()
    {
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var spanId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/opportunities?limit=1");
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{spanId}-01");

        using var response = await fixture.Gateway.Client(Guid.NewGuid()).SendAsync(request);
        var echo = await Problems.EchoAsync(response);

        Assert.NotNull(echo.Traceparent);
        var parts = echo.Traceparent.Split('-');
        Assert.Equal(4, parts.Length);
        Assert.Equal(traceId, parts[1]);
    }

    [Fact]
    public async Task A_request_without_trace_context_still_reaches_the_service_with_one()
    {
        using var response = await fixture.Gateway.Client(Guid.NewGuid()).GetAsync("/api/funnel");
        var echo = await Problems.EchoAsync(response);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", echo.Traceparent ?? "");
    }
}
