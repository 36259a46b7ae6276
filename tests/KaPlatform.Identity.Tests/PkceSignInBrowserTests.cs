using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using KaPlatform.DemoData;
using KaPlatform.Workspace.Tests;
using Microsoft.Playwright;

namespace KaPlatform.Identity.Tests;

/// <summary>
/// docs/product.md §6 local runs, in a real browser: the workspace sends a person to the bundled provider, who signs in there as
/// a demo KAM (authorization code + PKCE by oidc-client-ts), comes back signed in under their name, is recorded in
/// the user directory, and signs out at the provider, after which the workspace holds no token and the provider asks
/// again who they are.
/// </summary>
public sealed class PkceSignInBrowserTests(SignInPlatformFixture platform) : IClassFixture<SignInPlatformFixture>
{
    private static readonly DemoUser Kam = DemoUser.KeyAccountManager;

    [Fact]
    public async Task A_kam_signs_in_through_the_bundled_provider_in_chinese_and_signs_out_there()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);

        // Nobody is signed in: the workspace goes straight to the provider's sign-in page, with a PKCE challenge.
        await page.GotoAsync(platform.Workspace);
        await page.WaitForURLAsync(url => url.StartsWith(platform.Issuer + "account/sign-in", StringComparison.Ordinal));
        Assert.Contains("code_challenge_method%3DS256", page.Url);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("开发身份提供方");

        await page.Locator($"button[value='{Kam.Id}']").ClickAsync();

        // Back in the workspace, signed in, in Chinese, under the name the provider gave.
        await page.WaitForURLAsync(url => url.StartsWith(platform.Workspace, StringComparison.Ordinal) && url.Contains("#/accounts", StringComparison.Ordinal));
        var user = page.Locator("#current-user");
        await Assertions.Expect(user).ToContainTextAsync(Kam.Name);
        await Assertions.Expect(user).ToContainTextAsync("大客户经理");
        Assert.Equal("zh-CN", await page.EvaluateAsync<string>("document.documentElement.lang"));

        // The access token is the provider's (RS256, not a dev token), and the sign-in recorded the person.
        var token = await page.EvaluateAsync<string>("JSON.parse(sessionStorage.getItem('ka.session')).token");
        Assert.Equal("RS256", JsonDocument.Parse(Base64Url(token.Split('.')[0])).RootElement.GetProperty("alg").GetString());
        using var api = new HttpClient { BaseAddress = new Uri(platform.Workspace) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var directory = await api.GetAsync($"/api/users/{Kam.Id}");
        Assert.Equal(HttpStatusCode.OK, directory.StatusCode);
        var entry = JsonDocument.Parse(await directory.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Kam.Name, entry.GetProperty("name").GetString());
        Assert.NotEqual(JsonValueKind.Null, entry.GetProperty("lastSeen").ValueKind);

        // Sign-out ends the provider's session too: back at the workspace, which sends the person on, the provider asks again.
        await page.Locator("#sign-out").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(platform.Issuer + "account/sign-in", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator($"button[value='{Kam.Id}']")).ToBeVisibleAsync();

        // And the workspace keeps no token to call the API with.
        await page.GotoAsync(platform.Workspace + "workspace/config");
        var stored = await page.EvaluateAsync<string>("JSON.stringify(Object.values(sessionStorage))");
        Assert.DoesNotContain(token, stored, StringComparison.Ordinal);
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('ka.session')"));
        var status = await page.EvaluateAsync<int>("fetch('/api/accounts').then(r => r.status)");
        Assert.Equal(401, status);
    }

    private static string Base64Url(string part)
    {
        var text = part.Replace('-', '+').Replace('_', '/');
        return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=')));
    }
}
