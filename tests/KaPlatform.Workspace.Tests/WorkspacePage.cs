using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KaPlatform.Workspace.Tests;

/// <summary>
/// One browser tab on the workspace, with what every test checks along the way: no request leaves the gateway's
/// origin (no CDN, no outside font), and no script error happens.
/// </summary>
public sealed class WorkspacePage : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly string baseUrl;
    private readonly List<string> outsideRequests = [];
    private readonly List<string> scriptErrors = [];

    private WorkspacePage(IBrowserContext context, IPage page, string baseUrl)
    {
        this.context = context;
        this.baseUrl = baseUrl.TrimEnd('/');
        Page = page;
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(this.baseUrl + "/", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                lock (outsideRequests) { outsideRequests.Add(request.Url); }
            }
        };
        page.PageError += (_, error) => { lock (scriptErrors) { scriptErrors.Add(error); } };
    }

    public IPage Page { get; }

    public static async Task<WorkspacePage> OpenAsync(IBrowserContext context, string baseUrl, string platformLog)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        var workspace = new WorkspacePage(context, page, baseUrl);
        await page.GotoAsync(workspace.baseUrl + "/");
        return workspace;
    }

    /// <summary>Signs in through the demo-user picker, as a person would on a local run.</summary>
    public async Task SignInAsAsync(string role)
    {
        await GoAsync("/sign-in");
        await Page.Locator($".user-card[data-role='{role}']").ClickAsync();
        await Expect(Page.Locator("#current-user")).ToBeVisibleAsync();
        await Expect(Page.Locator("#account-list")).ToBeVisibleAsync();
    }

    /// <summary>Signs in with a pasted token, the path a real identity provider's users take.</summary>
    public async Task SignInWithTokenAsync(string token)
    {
        await GoAsync("/sign-in");
        await Page.Locator("#token-input").FillAsync(token);
        await Page.GetByRole(AriaRole.Button, new() { Name = "使用此令牌" }).Or(Page.GetByRole(AriaRole.Button, new() { Name = "Use this token" })).ClickAsync();
        await Expect(Page.Locator("#current-user")).ToBeVisibleAsync();
    }

    /// <summary>Opens a workspace route (#/...) and waits until the page has replaced its loading state.</summary>
    public async Task GoAsync(string route)
    {
        // Going to the route the page already shows changes no hash, so nothing would load again: a person reloads.
        var url = $"{baseUrl}/#{route}";
        if (Page.Url == url)
        {
            await Page.ReloadAsync();
        }
        else
        {
            await Page.GotoAsync(url);
        }

        await Expect(Page.Locator("#page > .loading")).ToHaveCountAsync(0);
    }

    public async Task SwitchLocaleAsync(string locale)
    {
        await Page.Locator("#locale-switch").SelectOptionAsync(locale);
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", locale);
        await Expect(Page.Locator("#page > .loading")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// The page as a laptop (1366×768) and a phone (390×844) show it, in English and Chinese (back to Chinese after),
    /// each checked for horizontal overflow.
    /// </summary>
    public async Task ScreenshotsAtSizesAsync(string name)
    {
        foreach (var locale in new[] { "en", "zh-CN" })
        {
            await SwitchLocaleAsync(locale);
            foreach (var (width, height) in new[] { (1366, 768), (390, 844) })
            {
                await Page.SetViewportSizeAsync(width, height);
                await Expect(Page.Locator("#page .loading")).ToHaveCountAsync(0);
                await ScreenshotAsync($"{name}-{locale}-{width}");
                var scrollWidth = await Page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth");
                Assert.True(scrollWidth <= width, $"{name} ({locale}) is {scrollWidth} px wide at {width} px");
            }
        }

        await Page.SetViewportSizeAsync(1400, 900);
    }

    /// <summary>Full-page PNG under artifacts/screenshots (KA_SCREENSHOTS overrides); returns the path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        // Charts and lazily filled panels settle after the first paint.
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var path = Path.Combine(Artifacts.ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.SendDiagnosticMessage($"screenshot: {path}");
        return path;
    }

    /// <summary>Every test ends here: nothing was fetched from outside and no script failed.</summary>
    public void AssertNothingOutsideAndNoScriptErrors()
    {
        lock (outsideRequests)
        {
            Assert.Empty(outsideRequests);
        }

        lock (scriptErrors)
        {
            Assert.Empty(scriptErrors);
        }
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
