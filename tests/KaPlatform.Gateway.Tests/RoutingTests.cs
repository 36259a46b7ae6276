using System.Net;
using KaPlatform.Testing;

namespace KaPlatform.Gateway.Tests;

/// <summary>docs/product.md §7: each API area reaches its service with path, query and Authorization intact.</summary>
public sealed class RoutingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public static TheoryData<string, string> Areas => new()
    {
        { "/api/accounts", "accounts-api" },
        { "/api/accounts/x/y?q=1", "accounts-api" },
        { "/api/accounts?q=%E5%8D%8E%E4%B8%9C&limit=5", "accounts-api" },
        { "/api/interactions", "accounts-api" },
        { "/api/interactions/0190a5b2-0000-7000-8000-000000000001", "accounts-api" },
        { "/api/leads", "opportunities-api" },
        { "/api/leads/l1/qualify", "opportunities-api" },
        { "/api/opportunities/o1/stage?x=1", "opportunities-api" },
        { "/api/bids", "opportunities-api" },
        { "/api/targets", "opportunities-api" },
        { "/api/forecast", "opportunities-api" },
        { "/api/forecast?period=2026-Q1", "opportunities-api" },
        { "/api/funnel", "opportunities-api" },
        { "/api/products?family=5G", "opportunities-api" },
        { "/api/products/import", "opportunities-api" },
        { "/api/portfolio?ownerId=o1", "opportunities-api" },
        { "/api/portfolio/settings", "opportunities-api" },
        { "/api/contracts", "contracts-api" },
        { "/api/contracts/c1/payment-plan", "contracts-api" },
        { "/api/payments", "contracts-api" },
        { "/api/collections/aging?asOf=2026-01-01", "contracts-api" },
        { "/api/success/health/a1", "success-api" },
        { "/api/success/renewals?limit=10", "success-api" },
    };

    [Theory]
    [MemberData(nameof(Areas))]
    public async Task Area_reaches_its_service_with_path_query_and_token(string pathAndQuery, string service)
    {
        var token = TestTokens.For(Guid.NewGuid(), "sales_rep");
        using var response = await fixture.Gateway.Client(token).GetAsync(pathAndQuery);
        var echo = await Problems.EchoAsync(response);

        var sent = new Uri(new Uri("http://gateway"), pathAndQuery);
        Assert.Equal(service, echo.Service);
        Assert.Equal(sent.AbsolutePath, echo.Path);
        Assert.Equal(sent.Query, echo.Query);
        Assert.Equal("Bearer " + token, echo.Authorization);
    }

    [Fact]
    public async Task Other_methods_are_forwarded_too()
    {
        using var response = await fixture.Gateway.Client(Guid.NewGuid())
            .PatchAsync("/api/accounts/a1", new StringContent("{\"name\":\"华东电网\"}", System.Text.Encoding.UTF8, "application/json"));
        var echo = await Problems.EchoAsync(response);
        Assert.Equal(("accounts-api", "PATCH", "/api/accounts/a1"), (echo.Service, echo.Method, echo.Path));
        Assert.True(echo.BodyLength > 0);
    }

    [Theory]
    [InlineData("/api/nothing")]
    [InlineData("/api/nothing/at/all?q=1")]
    [InlineData("/api/accountsx")]
    [InlineData("/api")]
    [InlineData("/elsewhere")]
    public async Task Unknown_path_is_404_with_or_without_token(string path)
    {
        using var withToken = await fixture.Gateway.Client(Guid.NewGuid()).GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, withToken.StatusCode);

        using var anonymous = await fixture.Gateway.Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
    }
}
