using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KaPlatform.Gateway.Tests;

/// <summary>The gateway serves the workspace: public files under one strict origin policy, API routes still guarded.</summary>
public sealed class WorkspaceServingTests(StubBackendsFixture backends) : IClassFixture<StubBackendsFixture>
{
    private static readonly Dictionary<string, string?> WithDemoUsers = new()
    {
        ["Auth:DevTokens"] = "true",
        ["Workspace:DemoUsers:0:UserId"] = "d0000000-0000-4000-8000-000000000003",
        ["Workspace:DemoUsers:0:Name"] = "张静 Zhang Jing",
        ["Workspace:DemoUsers:0:Role"] = "key_account_manager",
        ["Workspace:DemoUsers:0:Region"] = "华东",
    };

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/app/main.js", "text/javascript")]
    [InlineData("/app/styles.css", "text/css")]
    public async Task Workspace_files_are_public_and_may_load_nothing_from_outside(string path, string contentType)
    {
        await using var gateway = GatewayFactory.Start(backends);
        using var response = await gateway.Client().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.DoesNotContain("http", policy);
    }

    [Fact]
    public async Task Api_routes_still_need_a_token_and_unknown_paths_are_404()
    {
        await using var gateway = GatewayFactory.Start(backends);
        using var api = await gateway.Client().GetAsync("/api/accounts");
        using var unknown = await gateway.Client().GetAsync("/app/no-such-file.js");

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Config_lists_demo_users_only_while_dev_tokens_are_issued()
    {
        await using (var local = GatewayFactory.Start(backends, WithDemoUsers))
        {
            var config = await local.Client().GetFromJsonAsync<JsonElement>("/workspace/config");
            Assert.True(config.GetProperty("devTokens").GetBoolean());
            var user = Assert.Single(config.GetProperty("demoUsers").EnumerateArray().ToArray());
            Assert.Equal("key_account_manager", user.GetProperty("role").GetString());
            Assert.Equal("张静 Zhang Jing", user.GetProperty("name").GetString());
        }

        var production = new Dictionary<string, string?>(WithDemoUsers) { ["Auth:DevTokens"] = "false" };
        await using var gateway = GatewayFactory.Start(backends, production);
        var closed = await gateway.Client().GetFromJsonAsync<JsonElement>("/workspace/config");
        Assert.False(closed.GetProperty("devTokens").GetBoolean());
        Assert.Empty(closed.GetProperty("demoUsers").EnumerateArray());
    }
}
