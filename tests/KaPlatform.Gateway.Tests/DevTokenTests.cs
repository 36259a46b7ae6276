using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KaPlatform.Gateway.Tests;

/// <summary>docs/product.md §6: POST /api/dev/token exists only when Auth:DevTokens is true.</summary>
public sealed class DevTokenTests(StubBackendsFixture backends) : IClassFixture<StubBackendsFixture>
{
    private static readonly Dictionary<string, string?> DevTokensOn = new() { ["Auth:DevTokens"] = "true" };

    [Fact]
    public async Task Issued_token_works_on_a_proxied_route()
    {
        await using var gateway = GatewayFactory.Start(backends, DevTokensOn);
        var userId = Guid.NewGuid();
        using var issued = await gateway.Client().PostAsJsonAsync("/api/dev/token",
            new { userId, name = "张三", roles = new[] { "sales_rep" }, region = "华东" });

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        Assert.False(string.IsNullOrEmpty(token));

        using var proxied = await gateway.Client(token).GetAsync("/api/leads?limit=1");
        var echo = await Problems.EchoAsync(proxied);
        Assert.Equal("opportunities-api", echo.Service);
        Assert.Equal("Bearer " + token, echo.Authorization);
    }

    [Theory]
    [InlineData("not-a-uuid", "sales_rep", "userId")]
    [InlineData(null, "sales_rep", "userId")]
    [InlineData("0190a5b2-0000-7000-8000-000000000001", "emperor", "roles")]
    public async Task Invalid_request_is_400_with_errors(string? userId, string role, string field)
    {
        await using var gateway = GatewayFactory.Start(backends, DevTokensOn);
        using var response = await gateway.Client().PostAsJsonAsync("/api/dev/token",
            new { userId, name = "x", roles = new[] { role }, region = "华东" });

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task No_roles_is_400_with_errors()
    {
        await using var gateway = GatewayFactory.Start(backends, DevTokensOn);
        using var response = await gateway.Client().PostAsJsonAsync("/api/dev/token",
            new { userId = Guid.NewGuid(), name = "x", roles = Array.Empty<string>() });

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("roles", out _), problem.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public async Task Endpoint_does_not_exist_unless_enabled(string? devTokens)
    {
        await using var gateway = GatewayFactory.Start(backends, devTokens is null ? null : new() { ["Auth:DevTokens"] = devTokens });
        using var response = await gateway.Client().PostAsJsonAsync("/api/dev/token",
            new { userId = Guid.NewGuid(), name = "x", roles = new[] { "admin" } });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
