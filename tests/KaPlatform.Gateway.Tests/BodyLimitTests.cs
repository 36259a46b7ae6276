using System.Net;
using System.Net.Http.Headers;

namespace KaPlatform.Gateway.Tests;

/// <summary>Gateway:MaxRequestBodyBytes: larger bodies are refused with 413 before reaching a service.</summary>
public sealed class BodyLimitTests(StubBackendsFixture backends) : IClassFixture<StubBackendsFixture>
{
    private static readonly Dictionary<string, string?> Limit1K = new() { ["Gateway:MaxRequestBodyBytes"] = "1024" };

    [Fact]
    public async Task Small_body_is_proxied()
    {
        await using var gateway = GatewayFactory.Start(backends, Limit1K);
        using var response = await gateway.Client(Guid.NewGuid()).PostAsync("/api/contracts", Body(100));
        var echo = await Problems.EchoAsync(response);
        Assert.Equal(("contracts-api", "POST", 100L), (echo.Service, echo.Method, echo.BodyLength));
    }

    [Fact]
    public async Task Body_over_the_limit_is_413()
    {
        await using var gateway = GatewayFactory.Start(backends, Limit1K);
        using var response = await gateway.Client(Guid.NewGuid()).PostAsync("/api/contracts", Body(4096));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_413()
    {
        await using var gateway = GatewayFactory.Start(backends, Limit1K);
        var content = Body(4096);
        content.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/contracts") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await gateway.Client(Guid.NewGuid()).SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static ByteArrayContent Body(int bytes)
    {
        var content = new ByteArrayContent(Enumerable.Repeat((byte)'a', bytes).ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }
}
